package dev.hfio.internal.text;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/** Strict UTF-8 decoding, as {@code datasets} opens files (encoding utf-8, errors strict). */
public final class Utf8 {
  private Utf8() {}

  /** The first {@code length} bytes of {@code bytes} as text; invalid UTF-8 is a bad record. */
  public static String decode(byte[] bytes, int length) throws RecordException {
    CharsetDecoder d =
        StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    try {
      String s = d.decode(ByteBuffer.wrap(bytes, 0, length)).toString();
      return s.startsWith("\uFEFF") ? s.substring(1) : s;
    } catch (CharacterCodingException e) {
      throw new RecordException("the line is not valid UTF-8 (" + e + ")", e);
    }
  }
}
