/* Validates a complete .npy payload without evaluating anything: preamble,
 * header dict, descr, shape and data length. Pure C, no Redis dependency, so
 * the fuzzer and the benchmark link it directly. */
#ifndef NPY_VALIDATE_H
#define NPY_VALIDATE_H

#include <stddef.h>
#include <stdint.h>

#define NPY_MAX_DIMS 64                  /* numpy 2's limit (numpy 1.x: 32) */
#define NPY_MAX_HEADER_BYTES (16u << 20) /* far above numpy's 10000-byte default */
#define NPY_ERROR_CAPACITY 320

typedef struct {
    size_t offset; /* from the start of the payload */
    size_t length;
} NpySpan;

typedef struct {
    int major, minor;
    NpySpan header; /* the dict text, trailing padding and newline trimmed */
    NpySpan descr;  /* the descr value's source text */
    int ndim;
    uint64_t shape[NPY_MAX_DIMS];
    int fortran_order;
    uint64_t data_offset;
    uint64_t itemsize;
    uint64_t count;      /* elements: product of shape, 1 for () */
    uint64_t data_bytes; /* count * itemsize; unknown (pickle) when holds_objects */
    int holds_objects;
} NpyInfo;

/* What a stored value keeps of its validated header so that NP.INFO need not
 * measure the descr again (a structured one costs time in proportion to its
 * fields): where the descr is, the item size and whether it holds objects. */
typedef struct {
    uint32_t offset; /* headers are at most NPY_MAX_HEADER_BYTES */
    uint32_t length;
    uint64_t itemsize : 63;
    uint64_t holds_objects : 1;
} NpyDescrSummary;

NpyDescrSummary npyDescrSummary(const NpyInfo *info);

/* Returns 0 and fills info, or -1 with a message naming the problem in err
 * (at most NPY_ERROR_CAPACITY bytes, NUL-terminated). */
int npyValidate(const unsigned char *buf, size_t len, NpyInfo *info, char *err, size_t errcap);

/* The last check of npyValidate: enough data follows the header for the
 * elements it declares (an object array's pickle has no size to check).
 * Returns 0, or -1 with the reason in err. */
int npyCheckDataLength(uint64_t data_bytes, int holds_objects, uint64_t available, char *err, size_t errcap);

/* The same without the canonical-header fast path, so the fuzzer can check
 * the two paths agree. */
int npyValidateWithoutFastPath(const unsigned char *buf, size_t len, NpyInfo *info, char *err, size_t errcap);

/* Reads the header of a payload npyValidate accepted, taking the descr's span
 * and size from its summary instead of measuring it again: the cost is the
 * shape and the dict around the descr, not the descr's fields. */
int npyReadStoredHeader(const unsigned char *buf, size_t len, const NpyDescrSummary *descr, NpyInfo *info, char *err,
                        size_t errcap);

#endif
