/* NP.BLOCKS's window: see npy_block_window.h. */
#include "npy_block_window.h"

#include <stdio.h>

#include "npy_literal.h"

/* The plane's axes and the fixed indices, with defaults: the two
 * fastest-varying axes, index 0 on the others. */
static int checkPlace(const NpyInfo *info, const NpyBlockQuery *q, long long axes[2], char *err, size_t errcap) {
    int n = info->ndim;
    if (n < 2) return snprintf(err, errcap, "NP.BLOCKS needs an array of 2 or more dimensions; this one has %d", n), -1;
    axes[0] = q->has_axes ? q->axes[0] : info->fortran_order ? 0 : n - 2;
    axes[1] = q->has_axes ? q->axes[1] : info->fortran_order ? 1 : n - 1;
    for (int k = 0; k < 2; k++)
        if (axes[k] < 0 || axes[k] >= n)
            return snprintf(err, errcap, "AXES must name two axes of the array, 0 to %d; got %lld", n - 1, axes[k]), -1;
    if (axes[0] == axes[1]) return snprintf(err, errcap, "AXES must be two different axes; both are %lld", axes[0]), -1;
    if (q->has_index && q->index_count != n)
        return snprintf(err, errcap, "INDEX must give one index per axis (%d); got %d", n, q->index_count), -1;
    for (int k = 0; k < n; k++) {
        long long index = q->has_index ? q->index[k] : 0;
        if (k == axes[0] || k == axes[1] || (index >= 0 && (uint64_t)index < info->shape[k])) continue;
        return snprintf(err, errcap, "INDEX %lld is outside axis %d of length %llu", index, k,
                        (unsigned long long)info->shape[k]),
               -1;
    }
    return 0;
}

static int checkRange(const char *name, const NpyBlockRange *r, uint64_t length, long long axis, char *err,
                      size_t errcap) {
    if (r->start >= 0 && r->start < r->stop && (uint64_t)r->stop <= length && r->step >= 1) return 0;
    snprintf(err, errcap,
             "%s must be start stop step with 0 <= start < stop <= %llu (axis %lld) and step >= 1; got %lld %lld %lld",
             name, (unsigned long long)length, axis, r->start, r->stop, r->step);
    return -1;
}

/* The cost of one call stays bounded: refuse a window that reads or answers too much. */
static int checkSize(const NpyBlockAxis *rows, const NpyBlockAxis *cols, char *err, size_t errcap) {
    /* Each length is at most its axis, so the product is at most the array's element count: no overflow. */
    uint64_t elements = rows->length * cols->length;
    uint64_t blocks = npyBlockCount(rows) * npyBlockCount(cols);
    if (elements > NPY_BLOCKS_MAX_ELEMENTS)
        return snprintf(err, errcap,
                        "NP.BLOCKS reads at most %llu elements per call; this window has %llu x %llu: ask for a band "
                        "of fewer rows or columns at a time",
                        (unsigned long long)NPY_BLOCKS_MAX_ELEMENTS, (unsigned long long)rows->length,
                        (unsigned long long)cols->length),
               -1;
    if (blocks > NPY_BLOCKS_MAX_BLOCKS)
        return snprintf(err, errcap,
                        "NP.BLOCKS answers at most %llu blocks per call; this window makes %llu: ask for bigger steps "
                        "or a smaller window",
                        (unsigned long long)NPY_BLOCKS_MAX_BLOCKS, (unsigned long long)blocks),
               -1;
    return 0;
}

/* How the stored elements are numbers, from the descr's text. */
static int numberFormat(const unsigned char *payload, const NpyInfo *info, NpyNumberFormat *format, char *err,
                        size_t errcap) {
    char lit_err[NPY_ERROR_CAPACITY], text[72], quoted[96];
    LitParser p;
    LitValue descr;
    litInit(&p, payload + info->descr.offset, info->descr.length, info->major >= 3, lit_err, sizeof(lit_err));
    if (litParseValue(&p, &descr) < 0) return snprintf(err, errcap, "its descr does not parse: %s", lit_err), -1;
    const char *why = "it is a structured or subarray dtype";
    if (descr.kind == LIT_STR && litDecodedBound(&descr) <= sizeof(text)) {
        NpyPlainType type;
        size_t n = litDecodeString(&p, &descr, text);
        why = npyPlainType(text, n, &type);
        if (why == NULL) why = npyNumberFormat(&type, format);
        if (why == NULL) return 0;
    }
    litQuote(&p, &descr, quoted, sizeof(quoted));
    snprintf(err, errcap,
             "NP.BLOCKS reduces arrays of real numbers (bool, int, uint, float); this one's descr is %s: %s", quoted,
             why);
    return -1;
}

/* Byte strides of every axis, from the shape and order. Only used once
 * every axis is known non-empty (an index or a range lies inside each), so
 * the products stay within the data's size. */
static void byteStrides(const NpyInfo *info, uint64_t strides[NPY_MAX_DIMS]) {
    uint64_t stride = info->itemsize;
    for (int i = 0; i < info->ndim; i++) {
        int axis = info->fortran_order ? i : info->ndim - 1 - i;
        strides[axis] = stride;
        stride *= info->shape[axis];
    }
}

int npyBlockWindow(const unsigned char *payload, size_t len, const NpyInfo *info, const NpyBlockQuery *query,
                   NpyBlockWindow *out, char *err, size_t errcap) {
    long long axes[2];
    if (info->holds_objects)
        return snprintf(err, errcap,
                        "NP.BLOCKS reduces arrays of real numbers (bool, int, uint, float); this one "
                        "holds objects"),
               -1;
    if (checkPlace(info, query, axes, err, errcap) < 0 ||
        checkRange("ROWS", &query->rows, info->shape[axes[0]], axes[0], err, errcap) < 0 ||
        checkRange("COLS", &query->cols, info->shape[axes[1]], axes[1], err, errcap) < 0 ||
        numberFormat(payload, info, &out->format, err, errcap) < 0)
        return -1;
    uint64_t strides[NPY_MAX_DIMS];
    byteStrides(info, strides);
    out->rows = (NpyBlockAxis){(uint64_t)(query->rows.stop - query->rows.start), (int64_t)strides[axes[0]],
                               (uint64_t)query->rows.step};
    out->cols = (NpyBlockAxis){(uint64_t)(query->cols.stop - query->cols.start), (int64_t)strides[axes[1]],
                               (uint64_t)query->cols.step};
    if (checkSize(&out->rows, &out->cols, err, errcap) < 0) return -1;
    /* Every index is inside its axis, so each offset is below the data's size: no overflow. */
    out->first = info->data_offset + (uint64_t)query->rows.start * strides[axes[0]] +
                 (uint64_t)query->cols.start * strides[axes[1]];
    for (int k = 0; k < info->ndim; k++)
        if (k != axes[0] && k != axes[1] && query->has_index) out->first += (uint64_t)query->index[k] * strides[k];
    uint64_t end = out->first + (out->rows.length - 1) * (uint64_t)out->rows.stride +
                   (out->cols.length - 1) * (uint64_t)out->cols.stride + info->itemsize;
    if (end > len)
        return snprintf(err, errcap, "stored value is shorter than its header says (please report this)"), -1;
    return 0;
}
