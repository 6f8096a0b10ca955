/* A fast path for headers exactly as numpy's writer produces them with a
 * plain dtype, e.g. {'descr': '<f8', 'fortran_order': False, 'shape': (3, 4), }
 * Anything else, valid or not, is left to the full literal parser, which
 * also writes every error message. The fuzzer checks both agree. */
#ifndef NPY_CANONICAL_H
#define NPY_CANONICAL_H

#include <stddef.h>

#include "npy_validate.h"

/* header/len: the dict text, padding trimmed; header_offset: where it starts
 * in the payload. Returns 1 after filling descr, shape, ndim, fortran_order,
 * itemsize and holds_objects of info, 0 when the header is not canonical. */
int npyReadCanonicalHeader(const unsigned char *header, size_t len, size_t header_offset, NpyInfo *info);

#endif
