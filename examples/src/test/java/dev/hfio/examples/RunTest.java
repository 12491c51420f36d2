package dev.hfio.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The launcher of the runnable jars: which main it picks and what arguments it passes on. */
class RunTest {
  static List<String> received;

  /** A stand-in example that records its arguments. */
  public static final class Recorder {
    private Recorder() {}

    public static void main(String[] args) {
      received = List.of(args);
    }
  }

  @Test
  void aSimpleNameRunsThatExampleWithTheRemainingArguments() throws Throwable {
    Run.main(new String[] {"RunTest$Recorder", "--runner=FlinkRunner", "--rows=5"});
    assertThat(received).containsExactly("--runner=FlinkRunner", "--rows=5");
  }

  @Test
  void aQualifiedNameRunsThatClass() throws Throwable {
    Run.main(new String[] {Recorder.class.getName(), "--x=1"});
    assertThat(received).containsExactly("--x=1");
  }

  @Test
  void examplesResolveByTheirSimpleNames() throws Exception {
    assertThat(Run.mainOf("Quickstart").getDeclaringClass()).isEqualTo(Quickstart.class);
    assertThat(Run.mainOf("CopyDataset").getDeclaringClass()).isEqualTo(CopyDataset.class);
  }

  @Test
  void anUnknownOrNonRunnableClassIsRefusedByName() {
    assertThatThrownBy(() -> Run.main(new String[] {"NoSuchExample", "--runner=DirectRunner"}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("dev.hfio.examples.NoSuchExample")
        .hasMessageContaining("Quickstart");
    assertThatThrownBy(() -> Run.main(new String[] {"Reviews"}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("dev.hfio.examples.Reviews has no public static void main");
  }
}
