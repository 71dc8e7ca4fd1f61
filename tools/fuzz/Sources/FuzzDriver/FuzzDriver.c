#include "FuzzDriver.h"

int LLVMFuzzerRunDriver(int *argc, char ***argv, int (*UserCb)(const uint8_t *Data, size_t Size));

int fuzz_driver_run(int argc, char **argv, FuzzTestOneInput test) {
    return LLVMFuzzerRunDriver(&argc, &argv, test);
}
