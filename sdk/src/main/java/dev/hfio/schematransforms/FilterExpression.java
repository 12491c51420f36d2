package dev.hfio.schematransforms;

import dev.hfio.parquet.RowFilter;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.BiFunction;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * Parses the {@code filter} key of a read configuration into a {@link RowFilter}. The language, a
 * small subset of SQL's WHERE clause:
 *
 * <pre>
 *   expr      := term (OR term)*
 *   term      := factor (AND factor)*
 *   factor    := NOT factor | '(' expr ')' | predicate
 *   predicate := column op literal | column IS [NOT] NULL | column [NOT] IN '(' literal, ... ')'
 *   op        := '=' | '==' | '!=' | '&lt;&gt;' | '&lt;' | '&lt;=' | '&gt;' | '&gt;='
 *   column    := name ('.' name)*  (letters, digits, '_'; or `any text` in backquotes)
 *   literal   := 'text' (quote doubled inside) | integer (a Long) | decimal (a Double) | TRUE | FALSE
 * </pre>
 *
 * Keywords are case-insensitive. Comparisons with NULL are written IS [NOT] NULL ({@code = NULL} is
 * refused, as it never matches in SQL). Errors name the position and what was expected.
 */
final class FilterExpression {
  private final String text;
  private final List<Token> tokens;
  private int pos;

  /** Literals with a fractional part, by column, for a check against the read's schema. */
  private final List<String[]> fractionalLiterals = new ArrayList<>();

  private FilterExpression(String text) {
    this.text = text;
    this.tokens = tokenize(text);
  }

  /** The filter the expression describes; an {@link HfConfigurationException} when malformed. */
  static Parsed parse(String text) {
    if (text == null || text.isBlank()) {
      throw error(text, 0, "the filter is empty");
    }
    FilterExpression p = new FilterExpression(text);
    RowFilter f = p.expr();
    if (p.peek().kind != Kind.END) {
      throw p.unexpected("AND, OR or the end of the filter");
    }
    return new Parsed(f, List.copyOf(p.fractionalLiterals));
  }

  /** A parsed filter and the columns it compares with a number that has a fractional part. */
  record Parsed(RowFilter filter, List<String[]> fractionalLiterals) implements Serializable {}

  // ------------------------------------------------------------------ grammar

  private RowFilter expr() {
    List<RowFilter> terms = new ArrayList<>();
    terms.add(term());
    while (acceptKeyword("OR")) {
      terms.add(term());
    }
    return terms.size() == 1 ? terms.get(0) : RowFilter.or(terms.toArray(new RowFilter[0]));
  }

  private RowFilter term() {
    List<RowFilter> factors = new ArrayList<>();
    factors.add(factor());
    while (acceptKeyword("AND")) {
      factors.add(factor());
    }
    return factors.size() == 1 ? factors.get(0) : RowFilter.and(factors.toArray(new RowFilter[0]));
  }

  private RowFilter factor() {
    if (acceptKeyword("NOT")) {
      return RowFilter.not(factor());
    }
    if (peek().is(Kind.SYMBOL, "(")) {
      next();
      RowFilter inner = expr();
      expectSymbol(")");
      return inner;
    }
    return predicate();
  }

  private RowFilter predicate() {
    Token col = next();
    if (col.kind != Kind.NAME && col.kind != Kind.QUOTED_NAME) {
      throw unexpectedAt(col, "a column name");
    }
    if (col.kind == Kind.NAME && isKeyword(col.text)) {
      throw unexpectedAt(
          col, "a column name (quote a column named like a keyword: `" + col.text + "`)");
    }
    String column = col.text;
    if (acceptKeyword("IS")) {
      boolean negated = acceptKeyword("NOT");
      expectKeyword("NULL");
      return negated ? RowFilter.isNotNull(column) : RowFilter.isNull(column);
    }
    boolean notIn = false;
    if (peek().isKeyword("NOT")) {
      next();
      notIn = true;
      if (!peek().isKeyword("IN")) {
        throw unexpected("IN after NOT");
      }
    }
    if (acceptKeyword("IN")) {
      expectSymbol("(");
      List<Object> values = new ArrayList<>();
      values.add(literal(column));
      while (peek().is(Kind.SYMBOL, ",")) {
        next();
        values.add(literal(column));
      }
      expectSymbol(")");
      RowFilter in = RowFilter.in(column, values.toArray());
      return notIn ? RowFilter.not(in) : in;
    }
    Token op = next();
    BiFunction<String, Object, RowFilter> cmp = comparison(op);
    return cmp.apply(column, literal(column));
  }

  private BiFunction<String, Object, RowFilter> comparison(Token op) {
    if (op.kind == Kind.SYMBOL) {
      switch (op.text) {
        case "=":
        case "==":
          return RowFilter::eq;
        case "!=":
        case "<>":
          return RowFilter::ne;
        case "<":
          return RowFilter::lt;
        case "<=":
          return RowFilter::le;
        case ">":
          return RowFilter::gt;
        case ">=":
          return RowFilter::ge;
        default:
          break;
      }
    }
    throw unexpectedAt(op, "a comparison (=, !=, <>, <, <=, >, >=), IS [NOT] NULL or [NOT] IN");
  }

  private Object literal(String column) {
    Token t = next();
    switch (t.kind) {
      case STRING:
        return t.text;
      case NUMBER:
        if (t.text.contains(".") || t.text.contains("e") || t.text.contains("E")) {
          double d = Double.parseDouble(t.text);
          if (d != Math.rint(d) || Double.isInfinite(d)) {
            fractionalLiterals.add(new String[] {column, t.text});
          }
          return d;
        }
        try {
          return Long.parseLong(t.text);
        } catch (NumberFormatException e) {
          throw error(text, t.start, "the number " + t.text + " does not fit a 64-bit integer");
        }
      case NAME:
        if (t.text.equalsIgnoreCase("TRUE")) {
          return Boolean.TRUE;
        }
        if (t.text.equalsIgnoreCase("FALSE")) {
          return Boolean.FALSE;
        }
        if (t.text.equalsIgnoreCase("NULL")) {
          throw error(
              text,
              t.start,
              "comparisons with NULL never match; write '" + column + " IS NULL' or 'IS NOT NULL'");
        }
        break;
      default:
        break;
    }
    throw unexpectedAt(t, "a value: 'text', a number, TRUE or FALSE");
  }

  // ------------------------------------------------------------------ tokens

  private enum Kind {
    NAME,
    QUOTED_NAME,
    STRING,
    NUMBER,
    SYMBOL,
    END
  }

  private record Token(Kind kind, String text, int start) {
    boolean is(Kind k, String t) {
      return kind == k && text.equals(t);
    }

    boolean isKeyword(String keyword) {
      return kind == Kind.NAME && text.equalsIgnoreCase(keyword);
    }
  }

  private static final List<String> KEYWORDS =
      List.of("AND", "OR", "NOT", "IS", "NULL", "IN", "TRUE", "FALSE");

  private static boolean isKeyword(String name) {
    return KEYWORDS.contains(name.toUpperCase(Locale.ROOT));
  }

  private Token peek() {
    return tokens.get(pos);
  }

  private Token next() {
    Token t = tokens.get(pos);
    if (t.kind != Kind.END) {
      pos++;
    }
    return t;
  }

  private boolean acceptKeyword(String keyword) {
    if (peek().isKeyword(keyword)) {
      pos++;
      return true;
    }
    return false;
  }

  private void expectKeyword(String keyword) {
    if (!acceptKeyword(keyword)) {
      throw unexpected(keyword);
    }
  }

  private void expectSymbol(String symbol) {
    if (!peek().is(Kind.SYMBOL, symbol)) {
      throw unexpected("'" + symbol + "'");
    }
    pos++;
  }

  private HfConfigurationException unexpected(String expected) {
    return unexpectedAt(peek(), expected);
  }

  private HfConfigurationException unexpectedAt(Token t, String expected) {
    String found = t.kind == Kind.END ? "the end of the filter" : "'" + t.text + "'";
    return error(text, t.start, "expected " + expected + " but found " + found);
  }

  private static HfConfigurationException error(@Nullable String text, int at, String what) {
    return new HfConfigurationException(
        "filter: "
            + what
            + " at position "
            + (at + 1)
            + " of \""
            + text
            + "\". Example: score >= 0.5 AND label IN ('pos', 'neutral') AND text IS NOT NULL");
  }

  private static List<Token> tokenize(String s) {
    List<Token> out = new ArrayList<>();
    int i = 0;
    while (i < s.length()) {
      char c = s.charAt(i);
      if (Character.isWhitespace(c)) {
        i++;
      } else if (c == '\'') {
        StringBuilder b = new StringBuilder();
        int start = i++;
        while (true) {
          if (i >= s.length()) {
            throw error(s, start, "the text value starting here has no closing quote");
          }
          char d = s.charAt(i++);
          if (d == '\'') {
            if (i < s.length() && s.charAt(i) == '\'') {
              b.append('\'');
              i++;
            } else {
              break;
            }
          } else {
            b.append(d);
          }
        }
        out.add(new Token(Kind.STRING, b.toString(), start));
      } else if (c == '`') {
        int end = s.indexOf('`', i + 1);
        if (end < 0 || end == i + 1) {
          throw error(s, i, "a `quoted column` needs a closing backquote and a name");
        }
        out.add(new Token(Kind.QUOTED_NAME, s.substring(i + 1, end), i));
        i = end + 1;
      } else if (Character.isDigit(c)
          || ((c == '-' || c == '+' || c == '.')
              && i + 1 < s.length()
              && (Character.isDigit(s.charAt(i + 1)) || s.charAt(i + 1) == '.'))) {
        int start = i++;
        while (i < s.length()) {
          char d = s.charAt(i);
          boolean exponentSign =
              (d == '-' || d == '+') && (s.charAt(i - 1) == 'e' || s.charAt(i - 1) == 'E');
          if (Character.isDigit(d) || d == '.' || d == 'e' || d == 'E' || exponentSign) {
            i++;
          } else {
            break;
          }
        }
        String num = s.substring(start, i);
        try {
          Double.parseDouble(num);
        } catch (NumberFormatException e) {
          throw error(s, start, "'" + num + "' is not a number");
        }
        out.add(new Token(Kind.NUMBER, num, start));
      } else if (Character.isLetter(c) || c == '_') {
        int start = i;
        while (i < s.length()) {
          char d = s.charAt(i);
          if (Character.isLetterOrDigit(d) || d == '_') {
            i++;
          } else if (d == '.'
              && i + 1 < s.length()
              && (Character.isLetter(s.charAt(i + 1)) || s.charAt(i + 1) == '_')) {
            i++;
          } else {
            break;
          }
        }
        out.add(new Token(Kind.NAME, s.substring(start, i), start));
      } else {
        int start = i;
        String two = i + 1 < s.length() ? s.substring(i, i + 2) : "";
        if (two.equals("<=")
            || two.equals(">=")
            || two.equals("!=")
            || two.equals("<>")
            || two.equals("==")) {
          out.add(new Token(Kind.SYMBOL, two, start));
          i += 2;
        } else if ("=<>(),".indexOf(c) >= 0) {
          out.add(new Token(Kind.SYMBOL, String.valueOf(c), start));
          i++;
        } else {
          throw error(s, start, "unexpected character '" + c + "'");
        }
      }
    }
    out.add(new Token(Kind.END, "", s.length()));
    return out;
  }
}
