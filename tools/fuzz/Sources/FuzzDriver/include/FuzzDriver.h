#ifndef FUZZ_DRIVER_H
#define FUZZ_DRIVER_H

#include <stddef.h>
#include <stdint.h>

/// One fuzz input: the bytes and their count; returns 0 (libFuzzer's convention).
typedef int (*FuzzTestOneInput)(const uint8_t *data, size_t size);

/// Runs libFuzzer's driver (its command line: corpus folders, -max_total_time=, ...) on `test`.
///
/// SwiftPM gives every executable its own `main`, so the fuzz targets cannot use libFuzzer's; they call its
/// driver from theirs instead (`LLVMFuzzerRunDriver`, in the fuzzer runtime that `-sanitize=fuzzer` links).
int fuzz_driver_run(int argc, char **argv, FuzzTestOneInput test);

#endif
