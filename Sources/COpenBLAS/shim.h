#ifndef LATENT_COPENBLAS_SHIM_H
#define LATENT_COPENBLAS_SHIM_H
#include <cblas.h>

/// Number of threads OpenBLAS uses for one call; wrapped so Swift sees a plain function.
static inline void latent_openblas_set_threads(int n) { openblas_set_num_threads(n); }
static inline int latent_openblas_get_threads(void) { return openblas_get_num_threads(); }
#endif
