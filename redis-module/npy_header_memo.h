/* The last header NP.SET accepted, so that a stream of arrays of one dtype
 * and shape (a feature store writing millions of vectors) pays a memcmp of
 * the header instead of parsing it again: parsing cost about 740 of a small
 * NP.SET's 3 200 instructions. Pure C, no Redis dependency; one memo per
 * thread of callers (the module keeps one, used on the main thread only). */
#ifndef NPY_HEADER_MEMO_H
#define NPY_HEADER_MEMO_H

#include <stddef.h>
#include <stdint.h>

#include "npy_validate.h"

/* Longer headers are not remembered: their arrays are rarely small enough
 * for the parse to matter, and the memo stays one small block. */
#define NPY_MEMO_HEADER_MAX 512

typedef struct {
    size_t data_offset; /* bytes of header remembered (preamble included); 0 when empty */
    uint64_t data_bytes;
    NpyDescrSummary descr;
    unsigned char header[NPY_MEMO_HEADER_MAX];
} NpyHeaderMemo;

/* npyValidate's verdict on buf, and the descr summary of an accepted one,
 * as npyValidate gives them: when buf starts with the remembered header
 * byte for byte, only the data length is checked (the rest of the verdict is
 * a function of those bytes); otherwise buf is validated and, if accepted
 * and its header is short enough, remembered. Returns 0, or -1 with err set. */
int npyValidateRemembering(NpyHeaderMemo *memo, const unsigned char *buf, size_t len, NpyDescrSummary *descr, char *err,
                           size_t errcap);

#endif
