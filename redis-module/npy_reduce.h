/* Each block of a plane's window reduced to its min, max and mean, as
 * numpy's nanmin, nanmax and nanmean give them (NaN skipped; a block of only
 * NaN gives NaN for all three), in float64, for every real number type numpy
 * saves: bool, int8..int64, uint8..uint64, float16, float32, float64 and the
 * x87 long double ('<f16'), in either byte order. Pure C, no Redis
 * dependency, so the unit tests and the fuzzer link it directly. */
#ifndef NPY_REDUCE_H
#define NPY_REDUCE_H

#include <stddef.h>
#include <stdint.h>

#include "npy_descr.h"

typedef enum {
    NPY_NUM_BOOL,
    NPY_NUM_I1,
    NPY_NUM_U1,
    NPY_NUM_I2,
    NPY_NUM_U2,
    NPY_NUM_I4,
    NPY_NUM_U4,
    NPY_NUM_I8,
    NPY_NUM_U8,
    NPY_NUM_F2,
    NPY_NUM_F4,
    NPY_NUM_F8,
    NPY_NUM_F16, /* x87 extended precision in 16 bytes, numpy's longdouble on x86-64 */
    NPY_NUM_KINDS
} NpyNumberKind;

/* How one element is stored. */
typedef struct {
    NpyNumberKind kind;
    int swapped; /* stored in the other byte order than this machine's */
    size_t itemsize;
} NpyNumberFormat;

/* The number format of a plain type, or NULL with why it has none (complex,
 * datetimes, text, bytes, objects). */
const char *npyNumberFormat(const NpyPlainType *type, NpyNumberFormat *out);

/* One axis of the window: `length` elements, `step` bytes apart in memory,
 * cut into blocks of `block` elements (the last one shorter). */
typedef struct {
    uint64_t length;
    int64_t stride;
    uint64_t block;
} NpyBlockAxis;

/* Blocks along an axis: ceil(length / block). */
uint64_t npyBlockCount(const NpyBlockAxis *axis);

/* The window's blocks, rows × columns in C order, into min, max and mean
 * (npyBlockCount(rows) × npyBlockCount(cols) doubles each). `first` is the
 * window's first element; every element of the window must lie inside the
 * caller's buffer. `counts` is scratch for as many uint64_t. Elements are read
 * in memory order (the axis with the shorter stride innermost); a block's sum
 * is a float64 sum in that order. */
void npyReduceBlocks(const NpyNumberFormat *format, const unsigned char *first, const NpyBlockAxis *rows,
                     const NpyBlockAxis *cols, double *min, double *max, double *mean, uint64_t *counts);

/* The double whose bytes in memory are x's in little-endian order (x itself
 * on a little-endian machine): replies carry little-endian float64s. */
double npyLittleEndianDouble(double x);

#endif
