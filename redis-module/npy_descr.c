/* dtype descriptor measurement: see npy_descr.h. */
#include "npy_descr.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Longest type string we decode: real ones are like '<M8[10ms]'. */
#define TYPESTR_MAX 32

typedef struct {
    NpyDtypeSize size;
    int plain_void; /* '|V3': padding when unnamed */
    int subarray;   /* a (descr, shape) with a non-empty shape: its dtype is void too */
} Measured;

static int measure(LitParser *p, const LitValue *descr, Measured *out);

static int mulChecked(uint64_t a, uint64_t b, uint64_t *out) {
    if (a != 0 && b > NPY_SIZE_LIMIT / a) return -1;
    *out = a * b;
    return 0;
}

/* ---------- type strings ---------- */

/* Item size of a one-character type code (numpy on x86-64 Linux), 0 if unknown. */
static int charCodeSize(int code, uint64_t *size, int *objects) {
    static const char codes[] = "?bBhHiIlLqQpPnNefdgFDGOSaUVcMm";
    static const unsigned char sizes[] = {1, 1, 1, 2,  2, 4,  4,  8, 8, 8, 8, 8, 8, 8, 8,
                                          2, 4, 8, 16, 8, 16, 32, 8, 0, 0, 0, 0, 1, 8, 8};
    const char *hit = code ? strchr(codes, code) : NULL;
    if (!hit) return -1;
    *size = sizes[hit - codes];
    *objects = code == 'O';
    return 0;
}

/* Item size of a kind letter followed by a size, as numpy's dtype.str writes. */
static const char *sizedKindSize(int kind, uint64_t n, uint64_t *size, int *objects) {
    *objects = 0;
    switch (kind) {
    case 'b': *size = 1; return n == 1 ? NULL : "a bool is 'b1'";
    case 'i':
    case 'u': *size = n; return (n == 1 || n == 2 || n == 4 || n == 8) ? NULL : "integers are 1, 2, 4 or 8 bytes";
    case 'f': *size = n; return (n == 2 || n == 4 || n == 8 || n == 16) ? NULL : "floats are 2, 4, 8 or 16 bytes";
    case 'c': *size = n; return (n == 8 || n == 16 || n == 32) ? NULL : "complex numbers are 8, 16 or 32 bytes";
    case 'S':
    case 'a':
    case 'V': *size = n; return NULL;
    case 'U': return mulChecked(n, 4, size) < 0 ? "the unicode length overflows" : NULL;
    case 'O':
        *size = 8;
        *objects = 1;
        return (n == 8 || n == 4) ? NULL : "objects are 'O', 'O4' or 'O8'";
    case 'M':
    case 'm': *size = 8; return n == 8 ? NULL : "datetimes are 'M8' / 'm8'";
    }
    return "unknown type kind";
}

static int isDatetimeUnit(const char *u, size_t n) {
    static const char *units[] = {"Y",  "M",  "W",  "D",  "h",  "m",       "s",        "ms",
                                  "us", "ns", "ps", "fs", "as", "generic", "\xce\xbcs"};
    for (size_t i = 0; i < sizeof(units) / sizeof(units[0]); i++)
        if (strlen(units[i]) == n && memcmp(units[i], u, n) == 0) return 1;
    return 0;
}

/* Checks '[' [multiplier] unit ']' ending the string. */
static const char *checkDatetimeUnit(const char *s, size_t n) {
    if (n < 3 || s[0] != '[' || s[n - 1] != ']') return "a datetime unit looks like [ns] or [10ms]";
    size_t i = 1;
    while (i < n - 1 && s[i] >= '0' && s[i] <= '9') i++;
    if (!isDatetimeUnit(s + i, n - 1 - i)) return "unknown datetime unit (Y M W D h m s ms us ns ps fs as generic)";
    return NULL;
}

/* Parses a plain type string; returns NULL or why it is not one. */
static const char *typeStringSize(const char *s, size_t n, Measured *out) {
    size_t i = 0;
    if (n > 0 && strchr("<>|=", s[0])) i++;
    if (i >= n) return "no type code";
    int kind = (unsigned char)s[i++];
    uint64_t size = 0;
    int digits = 0;
    while (i < n && s[i] >= '0' && s[i] <= '9') {
        if (size > (NPY_SIZE_LIMIT - 9) / 10) return "the size overflows";
        size = size * 10 + (uint64_t)(s[i++] - '0');
        digits++;
    }
    int objects = 0;
    const char *why = NULL;
    if (digits) why = sizedKindSize(kind, size, &out->size.itemsize, &objects);
    else if (charCodeSize(kind, &out->size.itemsize, &objects) < 0) why = "unknown type code";
    if (why) return why;
    if (i < n) {
        if ((kind != 'M' && kind != 'm') || !digits) return "a unit follows only 'M8' or 'm8', as in '<M8[ns]'";
        if ((why = checkDatetimeUnit(s + i, n - i)) != NULL) return why;
    }
    out->size.holds_objects = objects;
    out->plain_void = kind == 'V';
    return NULL;
}

/* The type names numpy 2's dtype() accepts in a header, as the type strings
 * numpy writes for them on x86-64 Linux. */
static const char *const TYPE_NAMES[][2] = {
    {"bool", "b1"},        {"bool_", "b1"},    {"byte", "i1"},         {"ubyte", "u1"},     {"short", "i2"},
    {"ushort", "u2"},      {"intc", "i4"},     {"uintc", "u4"},        {"int", "i8"},       {"int_", "i8"},
    {"uint", "u8"},        {"long", "i8"},     {"ulong", "u8"},        {"longlong", "i8"},  {"ulonglong", "u8"},
    {"intp", "i8"},        {"uintp", "u8"},    {"int8", "i1"},         {"int16", "i2"},     {"int32", "i4"},
    {"int64", "i8"},       {"uint8", "u1"},    {"uint16", "u2"},       {"uint32", "u4"},    {"uint64", "u8"},
    {"half", "f2"},        {"single", "f4"},   {"double", "f8"},       {"float", "f8"},     {"longdouble", "f16"},
    {"float16", "f2"},     {"float32", "f4"},  {"float64", "f8"},      {"float128", "f16"}, {"csingle", "c8"},
    {"cdouble", "c16"},    {"complex", "c16"}, {"clongdouble", "c32"}, {"complex64", "c8"}, {"complex128", "c16"},
    {"complex256", "c32"}, {"object", "O"},    {"object_", "O"},       {"bytes", "S"},      {"bytes_", "S"},
    {"str", "U"},          {"str_", "U"},      {"unicode", "U"},       {"void", "V"},
};

/* A type name ('float64', 'double', ...) as its type string, or NULL. */
static const char *typeNameString(const char *s, size_t n) {
    for (size_t i = 0; i < sizeof(TYPE_NAMES) / sizeof(TYPE_NAMES[0]); i++)
        if (strlen(TYPE_NAMES[i][0]) == n && memcmp(TYPE_NAMES[i][0], s, n) == 0) return TYPE_NAMES[i][1];
    return NULL;
}

/* 'datetime64[ns]' / '<timedelta64' as 'M8[ns]' / '<m8' (numpy takes a byte
 * order and a unit on these two names only). Returns 0, or -1 if s is not one. */
static int datetimeNameString(const char *s, size_t n, char *out, size_t outcap) {
    size_t order = n > 0 && strchr("<>|=", s[0]) ? 1 : 0;
    const char *names[] = {"datetime64", "timedelta64"};
    for (int k = 0; k < 2; k++) {
        size_t len = strlen(names[k]);
        if (n - order < len || memcmp(s + order, names[k], len) != 0) continue;
        if (n - len + 2 >= outcap) return -1;
        size_t at = 0;
        if (order) out[at++] = s[0];
        out[at++] = k == 0 ? 'M' : 'm';
        out[at++] = '8';
        memcpy(out + at, s + order + len, n - order - len);
        out[at + n - order - len] = '\0';
        return 0;
    }
    return -1;
}

/* Measures a type string, or a type name standing for one. No name reads as
 * a type string ('float64' is 'f' followed by text), so names are looked up
 * only when that fails: numpy's own type strings take the short way. */
static const char *namedTypeSize(const char *s, size_t n, Measured *out) {
    char spelled[2 * TYPESTR_MAX + 4];
    const char *why = typeStringSize(s, n, out);
    if (why == NULL) return NULL;
    const char *name = typeNameString(s, n);
    if (name) return typeStringSize(name, strlen(name), out);
    if (datetimeNameString(s, n, spelled, sizeof(spelled)) == 0) return typeStringSize(spelled, strlen(spelled), out);
    return why;
}

const char *npyTypeStringSize(const char *s, size_t n, NpyDtypeSize *out) {
    Measured m = {0};
    const char *why = namedTypeSize(s, n, &m);
    *out = m.size;
    return why;
}

/* The kind a one-character type code stands for, in numpy's kind letters. */
static char charCodeKind(int code) {
    static const char codes[] = "?bBhHiIlLqQpPnNefdgFDGOSaUVcMm";
    static const char kinds[] = "biuiuiuiuiuiuiuffffcccOSSUVSMm";
    const char *hit = code ? strchr(codes, code) : NULL;
    return hit ? kinds[hit - codes] : 0;
}

/* The kind, size and byte order of a plain type string numpy accepts. */
static const char *plainTypeOf(const char *s, size_t n, NpyPlainType *out) {
    Measured m = {0};
    const char *why = typeStringSize(s, n, &m);
    if (why) return why;
    size_t i = n > 0 && strchr("<>|=", s[0]) ? 1 : 0;
    int sized = i + 1 < n && s[i + 1] >= '0' && s[i + 1] <= '9';
    out->order = i ? s[0] : '=';
    out->kind = sized ? (s[i] == 'a' ? 'S' : s[i]) : charCodeKind((unsigned char)s[i]);
    out->itemsize = m.size.itemsize;
    return NULL;
}

const char *npyPlainType(const char *s, size_t n, NpyPlainType *out) {
    char spelled[2 * TYPESTR_MAX + 4];
    if (plainTypeOf(s, n, out) == NULL) return NULL;
    const char *name = typeNameString(s, n);
    if (name) return plainTypeOf(name, strlen(name), out);
    if (datetimeNameString(s, n, spelled, sizeof(spelled)) == 0) return plainTypeOf(spelled, strlen(spelled), out);
    return "not a numpy type string or type name";
}

static int measureTypeString(LitParser *p, const LitValue *descr, Measured *out) {
    char quoted[96];
    const char *why = "too long";
    if (descr->end - descr->start <= TYPESTR_MAX) {
        char s[2 * TYPESTR_MAX + 4];
        size_t n = litDecodeString(p, descr, s);
        if ((why = namedTypeSize(s, n, out)) == NULL) return 0;
    }
    litQuote(p, descr, quoted, sizeof(quoted));
    return litFail(p, "descr %s is not a numpy type string like '<f8', '|S5', '<M8[ns]' or 'float64': %s", quoted, why);
}

/* ---------- shapes ---------- */

static int dimension(LitParser *p, const LitValue *d, const char *what, uint64_t *out) {
    char quoted[96];
    litQuote(p, d, quoted, sizeof(quoted));
    if (d->kind != LIT_INT)
        return litFail(p, "%s has %s (%s) where a non-negative integer dimension belongs", what, litKindName(d->kind),
                       quoted);
    if (d->negative && d->magnitude != 0) return litFail(p, "%s has a negative dimension %s", what, quoted);
    if (d->too_big || d->magnitude > NPY_SIZE_LIMIT)
        return litFail(p, "%s has a dimension %s past 2**63-1 (overflow)", what, quoted);
    *out = d->magnitude;
    return 0;
}

int npyShapeProduct(LitParser *p, const LitValue *shape, const char *what, uint64_t *count) {
    uint64_t dim;
    if (shape->kind != LIT_TUPLE) {
        if (dimension(p, shape, what, &dim) < 0) return -1;
        if (mulChecked(*count, dim, count) < 0) return litFail(p, "%s: element count overflows 2**63-1", what);
        return 0;
    }
    LitValue item;
    int r;
    litEnter(p, shape);
    while ((r = litNextItem(p, &item)) == 1) {
        if (dimension(p, &item, what, &dim) < 0) return -1;
        if (mulChecked(*count, dim, count) < 0) return litFail(p, "%s: element count overflows 2**63-1", what);
    }
    return r;
}

/* ---------- structured dtypes ---------- */

typedef struct {
    char *text;
    size_t len;
} Name;

typedef struct {
    Name *items;
    size_t count, cap;
} NameSet;

static int nameSetAdd(NameSet *set, LitParser *p, const LitValue *v) {
    if (set->count == set->cap) {
        size_t cap = set->cap ? set->cap * 2 : 16;
        Name *grown = realloc(set->items, cap * sizeof(Name));
        if (!grown) return litFail(p, "out of memory while checking field names");
        set->items = grown;
        set->cap = cap;
    }
    char *text = malloc(litDecodedBound(v));
    if (!text) return litFail(p, "out of memory while checking field names");
    set->items[set->count].len = litDecodeString(p, v, text);
    set->items[set->count++].text = text;
    return 0;
}

static void nameSetFree(NameSet *set) {
    for (size_t i = 0; i < set->count; i++) free(set->items[i].text);
    free(set->items);
}

static int compareNames(const void *a, const void *b) {
    const Name *x = a, *y = b;
    size_t n = x->len < y->len ? x->len : y->len;
    int c = memcmp(x->text, y->text, n);
    return c ? c : (x->len > y->len) - (x->len < y->len);
}

static int checkUniqueNames(LitParser *p, NameSet *set) {
    if (set->count < 2) return 0;
    qsort(set->items, set->count, sizeof(Name), compareNames);
    for (size_t i = 1; i < set->count; i++) {
        if (compareNames(&set->items[i - 1], &set->items[i]) == 0) {
            int n = (int)(set->items[i].len > 40 ? 40 : set->items[i].len);
            return litFail(p, "descr names field '%.*s' more than once (as a name or title)", n, set->items[i].text);
        }
    }
    return 0;
}

/* Reads up to max items of a tuple, leaving p->pos unchanged. */
static long tupleItems(LitParser *p, const LitValue *tuple, LitValue *items, long max) {
    size_t saved = p->pos;
    LitValue extra;
    long n = 0;
    int r;
    litEnter(p, tuple);
    while ((r = litNextItem(p, n < max ? &items[n] : &extra)) == 1) n++;
    p->pos = saved;
    return r < 0 ? -1 : n;
}

/* Records a field's name (and title) for the duplicate check. */
static int fieldName(LitParser *p, const LitValue *name, long index, NameSet *names) {
    LitValue pair[2];
    if (name->kind == LIT_TUPLE) {
        if (tupleItems(p, name, pair, 2) != 2 || pair[0].kind != LIT_STR || pair[1].kind != LIT_STR)
            return litFail(p, "descr field %ld: a titled name is ('title', 'name')", index);
        return (nameSetAdd(names, p, &pair[0]) < 0 || nameSetAdd(names, p, &pair[1]) < 0) ? -1 : 0;
    }
    if (name->kind != LIT_STR)
        return litFail(p, "descr field %ld: the name is %s, not a string", index, litKindName(name->kind));
    return nameSetAdd(names, p, name);
}

/* A subarray shape other than (): an int or a non-empty tuple. */
static int isNonEmptyShape(LitParser *p, const LitValue *shape) {
    if (shape->kind != LIT_TUPLE) return 1;
    size_t saved = p->pos;
    long n = litCountItems(p, shape);
    p->pos = saved;
    return n > 0;
}

/* An empty string literal: '' (or "", or '' ''). */
static int isEmptyString(const LitParser *p, const LitValue *v) {
    char buf[24];
    return v->kind == LIT_STR && v->end - v->start <= 8 && litDecodeString(p, v, buf) == 0;
}

/* One (name, descr[, shape]) field: adds its size to *total. */
static int measureField(LitParser *p, const LitValue *field, long index, NameSet *names, Measured *total) {
    LitValue parts[3];
    if (field->kind != LIT_TUPLE)
        return litFail(p, "descr field %ld is %s, not a (name, descr) or (name, descr, shape) tuple", index,
                       litKindName(field->kind));
    long n = tupleItems(p, field, parts, 3);
    if (n < 0) return -1;
    if (n != 2 && n != 3)
        return litFail(p, "descr field %ld has %ld items; expected (name, descr) or (name, descr, shape)", index, n);
    Measured m = {0};
    if (measure(p, &parts[1], &m) < 0) return -1;
    uint64_t count = 1, bytes;
    if (n == 3) {
        char what[48];
        snprintf(what, sizeof(what), "descr field %ld shape", index);
        if (npyShapeProduct(p, &parts[2], what, &count) < 0) return -1;
    }
    if (mulChecked(m.size.itemsize, count, &bytes) < 0 || total->size.itemsize > NPY_SIZE_LIMIT - bytes)
        return litFail(p, "descr: item size overflows 2**63-1 at field %ld (overflow)", index);
    /* numpy drops an unnamed field whose dtype is void but not structured: a
     * plain void ('', '|V3') or any subarray, whose dtype is void whatever its
     * items are. That is padding. */
    int padding =
        isEmptyString(p, &parts[0]) && (m.plain_void || m.subarray || (n == 3 && isNonEmptyShape(p, &parts[2])));
    if (!padding && fieldName(p, &parts[0], index, names) < 0) return -1;
    total->size.itemsize += bytes;
    total->size.holds_objects |= m.size.holds_objects;
    return 0;
}

static int measureStructured(LitParser *p, const LitValue *list, Measured *out) {
    NameSet names = {0};
    LitValue field;
    long index = 0;
    int r;
    out->size.itemsize = 0;
    litEnter(p, list);
    while ((r = litNextItem(p, &field)) == 1) {
        size_t cursor = p->pos;
        r = measureField(p, &field, index++, &names, out);
        p->pos = cursor;
        if (r < 0) break;
    }
    if (r == 0) r = checkUniqueNames(p, &names);
    nameSetFree(&names);
    return r;
}

/* A (descr, shape) subarray. */
static int measureSubarray(LitParser *p, const LitValue *tuple, Measured *out) {
    LitValue parts[2];
    if (tupleItems(p, tuple, parts, 2) != 2) return litFail(p, "descr tuple must be (descr, shape)");
    if (measure(p, &parts[0], out) < 0) return -1;
    uint64_t count = 1;
    if (npyShapeProduct(p, &parts[1], "descr subarray shape", &count) < 0) return -1;
    if (mulChecked(out->size.itemsize, count, &out->size.itemsize) < 0)
        return litFail(p, "descr: subarray item size overflows 2**63-1 (overflow)");
    out->subarray = out->subarray || isNonEmptyShape(p, &parts[1]);
    return 0;
}

static int measure(LitParser *p, const LitValue *descr, Measured *out) {
    memset(out, 0, sizeof(*out));
    switch (descr->kind) {
    case LIT_STR: return measureTypeString(p, descr, out);
    case LIT_LIST: return measureStructured(p, descr, out);
    case LIT_TUPLE: return measureSubarray(p, descr, out);
    default:
        return litFail(p, "descr is %s; expected a type string like '<f8' or a list of (name, descr) fields",
                       litKindName(descr->kind));
    }
}

/* numpy builds a subarray dtype from a top-level (descr, shape), but then
 * cannot make an array of it: np.load always fails on such a file. */
static int refuseTopLevelSubarray(LitParser *p, const LitValue *descr) {
    char quoted[96];
    litQuote(p, descr, quoted, sizeof(quoted));
    return litFail(p, "descr %s is a subarray dtype, which np.load cannot read: put its shape into 'shape' instead",
                   quoted);
}

int npyMeasureDescr(LitParser *p, const LitValue *descr, NpyDtypeSize *out) {
    Measured m;
    size_t saved = p->pos;
    if (descr->kind == LIT_TUPLE) return refuseTopLevelSubarray(p, descr);
    int r = measure(p, descr, &m);
    p->pos = saved;
    *out = m.size;
    return r;
}
