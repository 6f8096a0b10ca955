/* Python literal scanner for .npy headers: see npy_literal.h. */
#include "npy_literal.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

void litInit(LitParser *p, const unsigned char *text, size_t len, int utf8, char *err, size_t errcap) {
    p->text = text;
    p->len = len;
    p->pos = 0;
    p->utf8 = utf8;
    /* Python 2 wrote v1/v2 headers like (4L,): numpy drops the L there. */
    p->python2_longs = !utf8;
    p->depth = 0;
    p->err = err;
    p->errcap = errcap;
    if (errcap) err[0] = '\0';
}

int litFail(LitParser *p, const char *fmt, ...) {
    if (p->errcap && p->err[0] == '\0') {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(p->err, p->errcap, fmt, ap);
        va_end(ap);
    }
    return -1;
}

const char *litKindName(LitKind kind) {
    switch (kind) {
    case LIT_STR: return "a string";
    case LIT_BYTES: return "a bytes literal";
    case LIT_INT: return "an int";
    case LIT_FLOAT: return "a float";
    case LIT_COMPLEX: return "a complex number";
    case LIT_BOOL: return "a bool";
    case LIT_NONE: return "None";
    case LIT_TUPLE: return "a tuple";
    case LIT_LIST: return "a list";
    case LIT_DICT: return "a dict";
    case LIT_SET: return "a set";
    }
    return "a value";
}

/* ---------- characters ---------- */

static int peek(const LitParser *p) {
    return p->pos < p->len ? p->text[p->pos] : -1;
}

static int peekAt(const LitParser *p, size_t ahead) {
    return p->pos + ahead < p->len ? p->text[p->pos + ahead] : -1;
}

static int isDigit(int c) {
    return c >= '0' && c <= '9';
}
static int isIdentStart(int c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c >= 0x80;
}
static int isIdentChar(int c) {
    return isIdentStart(c) || isDigit(c);
}

static int hexValue(int c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

/* Describes the character at pos for error messages. */
static const char *describeChar(const LitParser *p, size_t pos, char *buf, size_t cap) {
    if (pos >= p->len) return "the end of the header";
    int c = p->text[pos];
    if (c >= 0x20 && c < 0x7f) snprintf(buf, cap, "'%c'", c);
    else snprintf(buf, cap, "byte 0x%02x", c);
    return buf;
}

static int failUnexpected(LitParser *p, const char *expected) {
    char buf[16];
    return litFail(p, "header is not a Python literal: expected %s at offset %zu, found %s", expected, p->pos,
                   describeChar(p, p->pos, buf, sizeof(buf)));
}

void litSkipSpace(LitParser *p) {
    while (p->pos < p->len) {
        int c = p->text[p->pos];
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f') {
            p->pos++;
        } else if (c == '#') {
            while (p->pos < p->len && p->text[p->pos] != '\n') p->pos++;
        } else if (c == '\\' && peekAt(p, 1) == '\n') {
            p->pos += 2;
        } else if (c == '\\' && peekAt(p, 1) == '\r' && peekAt(p, 2) == '\n') {
            p->pos += 3;
        } else {
            break;
        }
    }
}

/* ---------- strings ---------- */

typedef struct {
    int raw, bytes, format;
    size_t prefix_len;
} StrPrefix;

/* Recognises an optional string prefix followed by a quote at pos. */
static int readStrPrefix(const LitParser *p, size_t pos, StrPrefix *sp) {
    memset(sp, 0, sizeof(*sp));
    size_t i = pos;
    while (i < p->len && i - pos < 3) {
        int c = p->text[i] | 0x20;
        /* u alone is a legacy no-op prefix */
        int legacy_u = c == 'u' && i == pos;
        if (c == 'r' && !sp->raw) sp->raw = 1;
        else if (c == 'b' && !sp->bytes) sp->bytes = 1;
        else if (c == 'f' && !sp->format) sp->format = 1;
        else if (!legacy_u) break;
        i++;
    }
    if (i >= p->len || (p->text[i] != '\'' && p->text[i] != '"')) return 0;
    size_t n = i - pos;
    int u = n > 0 && (p->text[pos] | 0x20) == 'u';
    if (u && n > 1) return 0;
    if (sp->bytes && sp->format) return 0;
    sp->prefix_len = n;
    return 1;
}

/* Checks an escape sequence starting at the backslash; returns its length or -1. */
static long checkEscape(LitParser *p, size_t pos, int bytes) {
    int c = pos + 1 < p->len ? p->text[pos + 1] : -1;
    int digits = 0;
    if (c == 'x') digits = 2;
    else if (c == 'u' && !bytes) digits = 4;
    else if (c == 'U' && !bytes) digits = 8;
    else if (c == 'N' && !bytes)
        return litFail(p, "header is not a Python literal: \\N{...} escape at offset %zu is not supported", pos);
    if (digits == 0) return c < 0 ? 1 : 2;
    uint32_t cp = 0;
    for (int i = 0; i < digits; i++) {
        int h = pos + 2 + i < p->len ? hexValue(p->text[pos + 2 + i]) : -1;
        if (h < 0) return litFail(p, "header is not a Python literal: truncated \\%c escape at offset %zu", c, pos);
        cp = cp * 16 + (uint32_t)h;
    }
    if (cp > 0x10FFFF)
        return litFail(p, "header is not a Python literal: \\U escape at offset %zu is past U+10FFFF", pos);
    return 2 + digits;
}

/* Scans one string token (prefix, quotes, body) at p->pos. */
static int scanStringToken(LitParser *p, int *is_bytes) {
    StrPrefix sp;
    size_t start = p->pos;
    if (!readStrPrefix(p, p->pos, &sp)) return failUnexpected(p, "a string");
    if (sp.format) return litFail(p, "header is not a Python literal: f-string at offset %zu", start);
    p->pos += sp.prefix_len;
    int quote = p->text[p->pos];
    int triple = peekAt(p, 1) == quote && peekAt(p, 2) == quote;
    p->pos += triple ? 3 : 1;
    for (;;) {
        if (p->pos >= p->len)
            return litFail(p, "header is not a Python literal: unterminated string starting at offset %zu", start);
        int c = p->text[p->pos];
        if (c == quote && (!triple || (peekAt(p, 1) == quote && peekAt(p, 2) == quote))) {
            p->pos += triple ? 3 : 1;
            break;
        }
        if (c == '\n' && !triple)
            return litFail(p, "header is not a Python literal: unterminated string starting at offset %zu", start);
        if (c >= 0x80 && sp.bytes)
            return litFail(p, "header is not a Python literal: non-ASCII byte in a bytes literal at offset %zu",
                           p->pos);
        if (c == '\\') {
            long n = sp.raw ? (p->pos + 1 < p->len ? 2 : 1) : checkEscape(p, p->pos, sp.bytes);
            if (n < 0) return -1;
            p->pos += (size_t)n;
            continue;
        }
        p->pos++;
    }
    *is_bytes = sp.bytes;
    return 0;
}

/* Scans adjacent string tokens, which Python concatenates. */
static int scanStrings(LitParser *p, LitValue *out) {
    int first_bytes = -1;
    out->start = p->pos;
    for (;;) {
        int is_bytes = 0;
        if (scanStringToken(p, &is_bytes) < 0) return -1;
        if (first_bytes >= 0 && is_bytes != first_bytes)
            return litFail(p, "header is not a Python literal: cannot mix bytes and str literals (offset %zu)", p->pos);
        first_bytes = is_bytes;
        out->end = p->pos;
        size_t save = p->pos;
        litSkipSpace(p);
        StrPrefix sp;
        if (!readStrPrefix(p, p->pos, &sp)) {
            p->pos = save;
            break;
        }
    }
    out->kind = first_bytes ? LIT_BYTES : LIT_STR;
    return 0;
}

static size_t putUtf8(char *out, uint32_t cp) {
    if (cp < 0x80) {
        out[0] = (char)cp;
        return 1;
    }
    if (cp < 0x800) {
        out[0] = (char)(0xC0 | (cp >> 6));
        out[1] = (char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) {
        out[0] = (char)(0xE0 | (cp >> 12));
        out[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        out[2] = (char)(0x80 | (cp & 0x3F));
        return 3;
    }
    out[0] = (char)(0xF0 | (cp >> 18));
    out[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
    out[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
    out[3] = (char)(0x80 | (cp & 0x3F));
    return 4;
}

size_t litDecodedBound(const LitValue *v) {
    return 2 * (v->end - v->start) + 4;
}

/* Decodes one escape (already validated by the scanner); returns bytes written. */
static size_t decodeEscape(const unsigned char *t, size_t *i, size_t end, char *out) {
    int c = t[*i + 1];
    const char *simple = "\\\\''\"\"a\ab\bf\fn\nr\rt\tv\v";
    for (const char *s = simple; *s; s += 2) {
        if (c == s[0]) {
            *i += 2;
            out[0] = s[1];
            return 1;
        }
    }
    if (c == '\n') {
        *i += 2;
        return 0;
    }
    if (c >= '0' && c <= '7') {
        uint32_t cp = 0;
        size_t j = *i + 1;
        for (int k = 0; k < 3 && j < end && t[j] >= '0' && t[j] <= '7'; k++, j++) cp = cp * 8 + (uint32_t)(t[j] - '0');
        *i = j;
        return putUtf8(out, cp);
    }
    int digits = c == 'x' ? 2 : c == 'u' ? 4 : c == 'U' ? 8 : 0;
    if (digits == 0) {
        out[0] = '\\';
        *i += 1;
        return 1;
    }
    uint32_t cp = 0;
    for (int k = 0; k < digits; k++) cp = cp * 16 + (uint32_t)hexValue(t[*i + 2 + k]);
    *i += 2 + (size_t)digits;
    return putUtf8(out, cp);
}

size_t litDecodeString(const LitParser *p, const LitValue *v, char *out) {
    const unsigned char *t = p->text;
    size_t i = v->start, n = 0;
    while (i < v->end) {
        StrPrefix sp;
        if (!readStrPrefix(p, i, &sp)) { /* whitespace between pieces */
            i++;
            continue;
        }
        i += sp.prefix_len;
        int quote = t[i];
        int triple = i + 2 < v->end && t[i + 1] == quote && t[i + 2] == quote;
        size_t qlen = triple ? 3 : 1;
        i += qlen;
        while (i < v->end) {
            if (t[i] == quote && (!triple || (t[i + 1] == quote && t[i + 2] == quote))) {
                i += qlen;
                break;
            }
            if (t[i] == '\\' && !sp.raw) {
                n += decodeEscape(t, &i, v->end, out + n);
                continue;
            }
            if (t[i] == '\\' && sp.raw && i + 1 < v->end) {
                out[n++] = '\\';
                out[n++] = (char)t[i + 1];
                i += 2;
                continue;
            }
            if (t[i] >= 0x80 && !p->utf8) n += putUtf8(out + n, t[i]);
            else out[n++] = (char)t[i];
            i++;
        }
    }
    return n;
}

/* ---------- numbers ---------- */

static void accumulate(LitValue *v, unsigned base, int digit) {
    if (v->too_big) return;
    if (v->magnitude > (UINT64_MAX - (uint64_t)digit) / base) {
        v->too_big = 1;
        v->magnitude = UINT64_MAX;
        return;
    }
    v->magnitude = v->magnitude * base + (uint64_t)digit;
}

/* Digits of the given base with single underscores between them. */
static int scanDigits(LitParser *p, unsigned base, LitValue *v, int required) {
    int count = 0;
    for (;;) {
        int c = peek(p);
        int d = hexValue(c);
        if (d >= 0 && (unsigned)d < base) {
            accumulate(v, base, d);
            p->pos++;
            count++;
        } else if (c == '_' && count > 0) {
            int next = hexValue(peekAt(p, 1));
            if (next < 0 || (unsigned)next >= base) return failUnexpected(p, "a digit after '_'");
            p->pos++;
        } else {
            break;
        }
    }
    if (required && count == 0) return failUnexpected(p, "a digit");
    return count;
}

static int scanFloatTail(LitParser *p, LitValue *out) {
    LitValue ignore = {0};
    out->kind = LIT_FLOAT;
    if (peek(p) == '.') {
        p->pos++;
        if (scanDigits(p, 10, &ignore, 0) < 0) return -1;
    }
    if ((peek(p) | 0x20) == 'e') {
        p->pos++;
        if (peek(p) == '+' || peek(p) == '-') p->pos++;
        if (scanDigits(p, 10, &ignore, 1) < 0) return -1;
    }
    if ((peek(p) | 0x20) == 'j') {
        p->pos++;
        out->kind = LIT_COMPLEX;
    }
    return 0;
}

/* numpy re-reads a v1/v2 header that fails to parse with every 'L' token
 * after a number dropped (Python 2 longs), so '2L' and '2 L' read as 2; a
 * tokenizer sees spaces, tabs and line continuations between the two. */
static void skipLongSuffix(LitParser *p) {
    size_t at = p->pos;
    for (;;) {
        int c = at < p->len ? p->text[at] : -1;
        if (c == ' ' || c == '\t' || c == '\f') at++;
        else if (c == '\\' && at + 1 < p->len && p->text[at + 1] == '\n') at += 2;
        else break;
    }
    if (at < p->len && p->text[at] == 'L' && !(at + 1 < p->len && isIdentChar(p->text[at + 1]))) p->pos = at + 1;
}

static int scanNumber(LitParser *p, LitValue *out) {
    out->kind = LIT_INT;
    out->start = p->pos;
    int c0 = peek(p), c1 = peekAt(p, 1) | 0x20;
    unsigned base = 0;
    if (c0 == '0' && (c1 == 'x' || c1 == 'o' || c1 == 'b')) base = c1 == 'x' ? 16 : c1 == 'o' ? 8 : 2;
    if (base) {
        p->pos += 2;
        if (peek(p) == '_') p->pos++;
        if (scanDigits(p, base, out, 1) < 0) return -1;
    } else {
        size_t digits_start = p->pos;
        if (c0 != '.' && scanDigits(p, 10, out, 1) < 0) return -1;
        int c = peek(p);
        if (c == '.' || (c | 0x20) == 'e' || (c | 0x20) == 'j') {
            if (scanFloatTail(p, out) < 0) return -1;
        } else if (p->text[digits_start] == '0' && out->magnitude != 0) {
            return litFail(p, "header is not a Python literal: leading zeros in the integer at offset %zu",
                           digits_start);
        }
    }
    if (p->python2_longs) skipLongSuffix(p);
    if (isIdentChar(peek(p))) return failUnexpected(p, "a delimiter after the number");
    out->end = p->pos;
    return 0;
}

/* ---------- names and containers ---------- */

static int scanName(LitParser *p, LitValue *out) {
    out->start = p->pos;
    while (isIdentChar(peek(p))) p->pos++;
    out->end = p->pos;
    size_t n = out->end - out->start;
    const char *s = (const char *)p->text + out->start;
    if (n == 4 && memcmp(s, "True", 4) == 0) {
        out->kind = LIT_BOOL;
        out->magnitude = 1;
        return 0;
    }
    if (n == 5 && memcmp(s, "False", 5) == 0) {
        out->kind = LIT_BOOL;
        return 0;
    }
    if (n == 4 && memcmp(s, "None", 4) == 0) {
        out->kind = LIT_NONE;
        return 0;
    }
    return litFail(
        p,
        "header is not a Python literal: name '%.*s' at offset %zu (only literals are allowed, nothing is evaluated)",
        (int)(n > 40 ? 40 : n), s, out->start);
}

static int closerOf(int opener) {
    return opener == '(' ? ')' : opener == '[' ? ']' : '}';
}

/* After an item: a comma (optionally followed by the closer) or the closer. */
static int scanSeparator(LitParser *p, int closer, int *done) {
    litSkipSpace(p);
    int c = peek(p);
    if (c == closer) {
        p->pos++;
        *done = 1;
        return 0;
    }
    if (c != ',') {
        char expected[32];
        snprintf(expected, sizeof(expected), "',' or '%c'", closer);
        return failUnexpected(p, expected);
    }
    p->pos++;
    litSkipSpace(p);
    if (peek(p) == closer) {
        p->pos++;
        *done = 1;
    }
    return 0;
}

static int expectChar(LitParser *p, int c) {
    litSkipSpace(p);
    if (peek(p) != c) {
        char expected[8];
        snprintf(expected, sizeof(expected), "'%c'", c);
        return failUnexpected(p, expected);
    }
    p->pos++;
    return 0;
}

/* Parses the rest of a container whose first item is already consumed. */
static int scanRemainingItems(LitParser *p, int closer, int pairs) {
    int done = 0;
    LitValue item;
    if (scanSeparator(p, closer, &done) < 0) return -1;
    while (!done) {
        if (litParseValue(p, &item) < 0) return -1;
        if (pairs && (expectChar(p, ':') < 0 || litParseValue(p, &item) < 0)) return -1;
        if (scanSeparator(p, closer, &done) < 0) return -1;
    }
    return 0;
}

static int scanContainer(LitParser *p, LitValue *out) {
    int opener = peek(p), closer = closerOf(opener);
    size_t start = p->pos++;
    if (++p->depth > LIT_MAX_DEPTH)
        return litFail(p, "header is not a Python literal: brackets nested deeper than %d at offset %zu", LIT_MAX_DEPTH,
                       start);
    litSkipSpace(p);
    if (peek(p) == closer) {
        p->pos++;
        out->kind = opener == '(' ? LIT_TUPLE : opener == '[' ? LIT_LIST : LIT_DICT;
    } else {
        LitValue first;
        if (litParseValue(p, &first) < 0) return -1;
        litSkipSpace(p);
        if (opener == '(' && peek(p) == ')') {
            p->pos++;
            *out = first; /* parenthesised expression, not a tuple */
            p->depth--;
            return 0;
        }
        int pairs = opener == '{' && peek(p) == ':';
        if (pairs && (expectChar(p, ':') < 0 || litParseValue(p, &first) < 0)) return -1;
        if (scanRemainingItems(p, closer, pairs) < 0) return -1;
        out->kind = opener == '(' ? LIT_TUPLE : opener == '[' ? LIT_LIST : pairs ? LIT_DICT : LIT_SET;
    }
    out->start = start;
    out->end = p->pos;
    p->depth--;
    return 0;
}

static int scanSigned(LitParser *p, LitValue *out) {
    int sign = p->text[p->pos++];
    size_t start = p->pos - 1;
    litSkipSpace(p);
    if (litParseValue(p, out) < 0) return -1;
    if (out->kind != LIT_INT && out->kind != LIT_FLOAT && out->kind != LIT_COMPLEX)
        return litFail(p, "header is not a Python literal: unary '%c' applied to %s at offset %zu", sign,
                       litKindName(out->kind), start);
    if (sign == '-') out->negative = !out->negative;
    out->start = start;
    return 0;
}

int litParseValue(LitParser *p, LitValue *out) {
    memset(out, 0, sizeof(*out));
    litSkipSpace(p);
    int c = peek(p);
    StrPrefix sp;
    if (c < 0) return failUnexpected(p, "a value");
    if (readStrPrefix(p, p->pos, &sp)) return scanStrings(p, out);
    if (isDigit(c) || (c == '.' && isDigit(peekAt(p, 1)))) return scanNumber(p, out);
    if (c == '-' || c == '+') return scanSigned(p, out);
    if (c == '(' || c == '[' || c == '{') return scanContainer(p, out);
    if (isIdentStart(c)) return scanName(p, out);
    return failUnexpected(p, "a literal");
}

/* ---------- walking containers ---------- */

void litEnter(LitParser *p, const LitValue *container) {
    p->pos = container->start + 1;
}

int litNextItem(LitParser *p, LitValue *item) {
    litSkipSpace(p);
    int c = peek(p);
    if (c == ',' || c == ':') {
        p->pos++;
        litSkipSpace(p);
        c = peek(p);
    }
    if (c == ')' || c == ']' || c == '}') {
        p->pos++;
        return 0;
    }
    return litParseValue(p, item) < 0 ? -1 : 1;
}

long litCountItems(LitParser *p, const LitValue *container) {
    LitValue item;
    long n = 0;
    int r;
    litEnter(p, container);
    while ((r = litNextItem(p, &item)) == 1) n++;
    if (r < 0) return -1;
    return container->kind == LIT_DICT ? n / 2 : n;
}

void litQuote(const LitParser *p, const LitValue *v, char *out, size_t outcap) {
    size_t n = 0, max_src = 48;
    for (size_t i = v->start; i < v->end && n + 8 < outcap; i++) {
        if (i - v->start == max_src) {
            n += (size_t)snprintf(out + n, outcap - n, "...");
            break;
        }
        int c = p->text[i];
        if (c >= 0x20 && c < 0x7f) out[n++] = (char)c;
        else if (c >= 0x80 && p->utf8) out[n++] = (char)c;
        else n += (size_t)snprintf(out + n, outcap - n, "\\x%02x", c);
    }
    out[n] = '\0';
}
