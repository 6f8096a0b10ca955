/* Measures a numpy dtype descriptor the way numpy's descr_to_dtype builds it:
 * a type string ('<f8', '|S5', '<M8[ns]', ...), a structured list of
 * (name, descr[, shape]) fields with nesting, padding and titles, or a
 * (descr, shape) subarray. Pure C, no Redis dependency. */
#ifndef NPY_DESCR_H
#define NPY_DESCR_H

#include <stdint.h>

#include "npy_literal.h"

/* numpy's element count and byte sizes are signed 64-bit (npy_intp). */
#define NPY_SIZE_LIMIT ((uint64_t)INT64_MAX)

typedef struct {
    uint64_t itemsize;
    int holds_objects; /* an 'O' anywhere: the data section is a pickle */
} NpyDtypeSize;

/* Returns 0, or -1 with an error message (mentioning "descr" or "overflow")
 * in the parser's error buffer. */
int npyMeasureDescr(LitParser *p, const LitValue *descr, NpyDtypeSize *out);

/* Measures a plain type string such as '<f8' (the text between the quotes).
 * Returns NULL, or why it is not a numpy type string. */
const char *npyTypeStringSize(const char *s, size_t n, NpyDtypeSize *out);

/* What a plain type string (or a type name standing for one) describes. */
typedef struct {
    char kind;  /* numpy's kind letter: 'b' bool, 'i', 'u', 'f', 'c', 'M', 'm', 'S', 'U', 'V', 'O' */
    char order; /* '<', '>', '|' as written; '=' (native) when unwritten or '=' */
    uint64_t itemsize;
} NpyPlainType;

/* Reads a type string such as '<f8' or a name such as 'float64' (the text
 * between the quotes). Returns NULL, or why it is not one. */
const char *npyPlainType(const char *s, size_t n, NpyPlainType *out);

/* Multiplies a shape (an int or a tuple of ints, as in a subarray field)
 * into *count. what names the shape in messages. Returns 0 or -1. */
int npyShapeProduct(LitParser *p, const LitValue *shape, const char *what, uint64_t *count);

#endif
