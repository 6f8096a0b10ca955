/* Block reductions: see npy_reduce.h. */
#include "npy_reduce.h"

#include <math.h>
#include <string.h>

#define HOST_LITTLE (__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__)

/* The kind of a number of this size: by_size is indexed by log2 of the item
 * size (1 to 16 bytes), NPY_NUM_KINDS where there is none. */
static int kindBySize(uint64_t itemsize, const NpyNumberKind by_size[5], NpyNumberKind *out) {
    for (int i = 0; i < 5; i++)
        if (itemsize == (UINT64_C(1) << i) && by_size[i] != NPY_NUM_KINDS) {
            *out = by_size[i];
            return 0;
        }
    return -1;
}

const char *npyNumberFormat(const NpyPlainType *type, NpyNumberFormat *out) {
    static const NpyNumberKind bools[] = {NPY_NUM_BOOL, NPY_NUM_KINDS, NPY_NUM_KINDS, NPY_NUM_KINDS, NPY_NUM_KINDS};
    static const NpyNumberKind ints[] = {NPY_NUM_I1, NPY_NUM_I2, NPY_NUM_I4, NPY_NUM_I8, NPY_NUM_KINDS};
    static const NpyNumberKind uints[] = {NPY_NUM_U1, NPY_NUM_U2, NPY_NUM_U4, NPY_NUM_U8, NPY_NUM_KINDS};
    static const NpyNumberKind floats[] = {NPY_NUM_KINDS, NPY_NUM_F2, NPY_NUM_F4, NPY_NUM_F8, NPY_NUM_F16};
    const NpyNumberKind *by_size;
    switch (type->kind) {
    case 'b': by_size = bools; break;
    case 'i': by_size = ints; break;
    case 'u': by_size = uints; break;
    case 'f': by_size = floats; break;
    case 'c': return "complex numbers have no order to take a min or max by";
    case 'M':
    case 'm': return "datetimes and timedeltas are not reduced to numbers";
    case 'O': return "Python objects are not numbers it can read";
    default: return "text, bytes and raw void are not numbers";
    }
    if (kindBySize(type->itemsize, by_size, &out->kind) < 0) return "no number type has this item size";
    out->itemsize = type->itemsize;
    out->swapped = type->itemsize > 1 && (type->order == (HOST_LITTLE ? '>' : '<'));
    return NULL;
}

uint64_t npyBlockCount(const NpyBlockAxis *axis) {
    return axis->length / axis->block + (axis->length % axis->block != 0);
}

/* ---------- reading one element as a double ---------- */

static inline uint16_t read16(const unsigned char *p, int swapped) {
    uint16_t v;
    memcpy(&v, p, sizeof(v));
    return swapped ? __builtin_bswap16(v) : v;
}

static inline uint32_t read32(const unsigned char *p, int swapped) {
    uint32_t v;
    memcpy(&v, p, sizeof(v));
    return swapped ? __builtin_bswap32(v) : v;
}

static inline uint64_t read64(const unsigned char *p, int swapped) {
    uint64_t v;
    memcpy(&v, p, sizeof(v));
    return swapped ? __builtin_bswap64(v) : v;
}

static inline double bitsToDouble(uint64_t bits) {
    double d;
    memcpy(&d, &bits, sizeof(d));
    return d;
}

static inline float bitsToFloat(uint32_t bits) {
    float f;
    memcpy(&f, &bits, sizeof(f));
    return f;
}

/* IEEE half precision, exactly (every half is a double). */
static inline double halfToDouble(uint16_t h) {
    uint64_t sign = (uint64_t)(h >> 15) << 63;
    unsigned exponent = (h >> 10) & 0x1F, mantissa = h & 0x3FF;
    if (exponent == 0) return (h >> 15 ? -1.0 : 1.0) * mantissa * 0x1p-24;
    if (exponent == 0x1F) return mantissa ? NAN : bitsToDouble(sign | 0x7FF0000000000000u);
    return bitsToDouble(sign | (uint64_t)(exponent - 15 + 1023) << 52 | (uint64_t)mantissa << 42);
}

/* x87 extended precision (a 64-bit significand with an explicit integer bit,
 * a 15-bit exponent and a sign, in the first 10 of 16 bytes; a big-endian
 * file stores all 16 reversed), rounded to the nearest double, ties to even. */
static double longDoubleToDouble(const unsigned char *p, int swapped) {
    unsigned char b[10];
    for (int i = 0; i < 10; i++) b[i] = swapped ? p[15 - i] : p[i];
    uint64_t significand = 0;
    for (int i = 7; i >= 0; i--) significand = significand << 8 | b[i];
    unsigned top = (unsigned)b[8] | (unsigned)b[9] << 8;
    double sign = top & 0x8000 ? -1.0 : 1.0;
    int biased = (int)(top & 0x7FFF);
    if (biased == 0x7FFF) return (significand << 1) == 0 ? sign * INFINITY : NAN;
    if (significand == 0) return sign * 0.0;
    /* value = significand × 2^power; denormals use the smallest exponent */
    int power = (biased ? biased : 1) - 16383 - 63;
    int bits = 64 - __builtin_clzll(significand);
    int top_exponent = power + bits - 1;
    if (top_exponent > 1023) return sign * INFINITY;
    int precision = top_exponent >= -1022 ? 53 : top_exponent + 1075;
    if (precision < 0) return sign * 0.0;
    int shift = bits - precision;
    if (shift <= 0) return sign * ldexp((double)significand, power);
    uint64_t quotient = shift >= 64 ? 0 : significand >> shift;
    uint64_t remainder = shift >= 64 ? significand : significand & ((UINT64_C(1) << shift) - 1);
    uint64_t half = UINT64_C(1) << (shift - 1);
    if (remainder > half || (remainder == half && (quotient & 1))) quotient++;
    return sign * ldexp((double)quotient, power + shift);
}

#define LOADERS(X)                                                                                                     \
    X(bool, *p != 0)                                                                                                   \
    X(i1, (int8_t)*p)                                                                                                  \
    X(u1, *p)                                                                                                          \
    X(i2, (int16_t)read16(p, SWAPPED))                                                                                 \
    X(u2, read16(p, SWAPPED))                                                                                          \
    X(i4, (int32_t)read32(p, SWAPPED))                                                                                 \
    X(u4, read32(p, SWAPPED))                                                                                          \
    X(i8, (double)(int64_t)read64(p, SWAPPED))                                                                         \
    X(u8, (double)read64(p, SWAPPED))                                                                                  \
    X(f2, halfToDouble(read16(p, SWAPPED)))                                                                            \
    X(f4, bitsToFloat(read32(p, SWAPPED)))                                                                             \
    X(f8, bitsToDouble(read64(p, SWAPPED)))                                                                            \
    X(f16, longDoubleToDouble(p, SWAPPED))

/* ---------- the reduction, one loop per element type and byte order ---------- */

/* The window walked in memory order: `outer` lines of `inner` elements. An
 * element (o, i) belongs to the block at o / outer.block * outer_out + i /
 * inner.block * inner_out of the C-ordered output. */
typedef struct {
    NpyBlockAxis outer, inner;
    uint64_t outer_out, inner_out;
} Walk;

typedef void (*ReduceFn)(const unsigned char *first, const Walk *w, double *min, double *max, double *sum,
                         uint64_t *counts);

/* Sums a line's share of a block on its own, then adds it to the block's:
 * the same order the app used, and one dependency chain per block segment. */
#define DEFINE_REDUCE(NAME, LOAD)                                                                                      \
    static void reduce_##NAME(const unsigned char *first, const Walk *w, double *min, double *max, double *sum,        \
                              uint64_t *counts) {                                                                      \
        uint64_t inner_blocks = npyBlockCount(&w->inner);                                                              \
        for (uint64_t o = 0; o < w->outer.length; o++) {                                                               \
            const unsigned char *line = first + (int64_t)o * w->outer.stride;                                          \
            uint64_t line_at = o / w->outer.block * w->outer_out;                                                      \
            for (uint64_t b = 0; b < inner_blocks; b++) {                                                              \
                uint64_t from = b * w->inner.block;                                                                    \
                uint64_t to = from + w->inner.block < w->inner.length ? from + w->inner.block : w->inner.length;       \
                uint64_t at = line_at + b * w->inner_out;                                                              \
                double lo = min[at], hi = max[at], total = 0;                                                          \
                uint64_t n = 0;                                                                                        \
                const unsigned char *p = line + (int64_t)from * w->inner.stride;                                       \
                for (uint64_t k = from; k < to; k++, p += w->inner.stride) {                                           \
                    double v = (LOAD);                                                                                 \
                    if (v != v) continue;                                                                              \
                    if (v < lo) lo = v;                                                                                \
                    if (v > hi) hi = v;                                                                                \
                    total += v;                                                                                        \
                    n++;                                                                                               \
                }                                                                                                      \
                min[at] = lo;                                                                                          \
                max[at] = hi;                                                                                          \
                sum[at] += total;                                                                                      \
                counts[at] += n;                                                                                       \
            }                                                                                                          \
        }                                                                                                              \
    }

#define SWAPPED 0
#define DEFINE_NATIVE(NAME, LOAD) DEFINE_REDUCE(NAME, LOAD)
LOADERS(DEFINE_NATIVE)
#undef SWAPPED
#define SWAPPED 1
#define DEFINE_SWAPPED(NAME, LOAD) DEFINE_REDUCE(NAME##_swapped, LOAD)
LOADERS(DEFINE_SWAPPED)
#undef SWAPPED

/* [kind][swapped], in NpyNumberKind's order. */
static const ReduceFn REDUCERS[NPY_NUM_KINDS][2] = {
    {reduce_bool, reduce_bool_swapped}, {reduce_i1, reduce_i1_swapped}, {reduce_u1, reduce_u1_swapped},
    {reduce_i2, reduce_i2_swapped},     {reduce_u2, reduce_u2_swapped}, {reduce_i4, reduce_i4_swapped},
    {reduce_u4, reduce_u4_swapped},     {reduce_i8, reduce_i8_swapped}, {reduce_u8, reduce_u8_swapped},
    {reduce_f2, reduce_f2_swapped},     {reduce_f4, reduce_f4_swapped}, {reduce_f8, reduce_f8_swapped},
    {reduce_f16, reduce_f16_swapped},
};

static int64_t magnitude(int64_t stride) {
    return stride < 0 ? -stride : stride;
}

void npyReduceBlocks(const NpyNumberFormat *format, const unsigned char *first, const NpyBlockAxis *rows,
                     const NpyBlockAxis *cols, double *min, double *max, double *mean, uint64_t *counts) {
    uint64_t block_cols = npyBlockCount(cols);
    uint64_t blocks = npyBlockCount(rows) * block_cols;
    for (uint64_t i = 0; i < blocks; i++) {
        min[i] = INFINITY;
        max[i] = -INFINITY;
        mean[i] = 0;
        counts[i] = 0;
    }
    /* Walk along the shorter stride innermost: a C-order plane by rows, a Fortran one by columns. */
    int by_rows = magnitude(cols->stride) <= magnitude(rows->stride);
    Walk w = by_rows ? (Walk){*rows, *cols, block_cols, 1} : (Walk){*cols, *rows, 1, block_cols};
    REDUCERS[format->kind][format->swapped](first, &w, min, max, mean, counts);
    for (uint64_t i = 0; i < blocks; i++) {
        if (counts[i] == 0) min[i] = max[i] = mean[i] = NAN;
        else mean[i] /= (double)counts[i];
    }
}

double npyLittleEndianDouble(double x) {
    uint64_t bits;
    memcpy(&bits, &x, sizeof(bits));
    return HOST_LITTLE ? x : bitsToDouble(__builtin_bswap64(bits));
}
