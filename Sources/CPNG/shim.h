#ifndef LATENT_CPNG_SHIM_H
#define LATENT_CPNG_SHIM_H
#include <setjmp.h>
#include <stdlib.h>
#include <string.h>
#include <png.h>

// libpng reports errors by longjmp, which Swift cannot catch: the whole read runs in this C function, and a
// failure comes back as -1 with libpng's message. The pixels are libpng's own conversions: palettes and grey
// below 8 bits expanded, transparency chunks turned into alpha, 16-bit samples scaled to 8 bits.

/// The bytes libpng reads from, and where the next read starts.
typedef struct {
    const unsigned char *bytes;
    size_t size;
    size_t offset;
} latent_png_source;

static void latent_png_read_bytes(png_structp png, png_bytep out, size_t length) {
    latent_png_source *source = (latent_png_source *)png_get_io_ptr(png);
    if (source->size - source->offset < length) { png_error(png, "the file ends early (truncated)"); }
    memcpy(out, source->bytes + source->offset, length);
    source->offset += length;
}

static void latent_png_fail(png_structp png, png_const_charp message) {
    char *buffer = (char *)png_get_error_ptr(png);
    strncpy(buffer, message, 199);
    buffer[199] = 0;
    png_longjmp(png, 1);
}

static void latent_png_ignore_warning(png_structp png, png_const_charp message) { (void)png; (void)message; }

/// Decodes a PNG held in memory into `buffer` (`capacity` bytes): 8-bit pixels, rows top to bottom, `channels`
/// interleaved samples per pixel: 1 grey, 2 grey and alpha, 3 RGB, 4 RGBA.
///
/// Returns 0 when decoded; 1 when `buffer` is too small (nothing decoded; the size is in `width`, `height` and
/// `channels`, so the caller can grow the buffer and call again); -1 with a reason in `message` (at least 200
/// bytes). Images of more than `max_pixels` pixels are refused before anything is decoded.
static inline int latent_png_decode(const unsigned char *bytes, size_t size, long max_pixels, unsigned char *buffer,
                                    size_t capacity, int *width, int *height, int *channels, char *message) {
    message[0] = 0;
    png_structp png = png_create_read_struct(PNG_LIBPNG_VER_STRING, message, latent_png_fail, latent_png_ignore_warning);
    if (png == NULL) { strcpy(message, "out of memory"); return -1; }
    png_infop info = png_create_info_struct(png);
    if (info == NULL) { png_destroy_read_struct(&png, NULL, NULL); strcpy(message, "out of memory"); return -1; }
    latent_png_source source = { bytes, size, 0 };
    png_bytep *volatile rows = NULL;
    if (setjmp(png_jmpbuf(png))) {
        free(rows);
        png_destroy_read_struct(&png, &info, NULL);
        if (message[0] == 0) { strcpy(message, "cannot be decoded"); }
        return -1;
    }
    png_set_read_fn(png, &source, latent_png_read_bytes);
    png_read_info(png, info);
    png_uint_32 w = png_get_image_width(png, info), h = png_get_image_height(png, info);
    if ((double)w * (double)h > (double)max_pixels) {
        snprintf(message, 200, "the image is %ux%u, more than %ld pixels", w, h, max_pixels);
        png_longjmp(png, 1);
    }
    png_set_expand(png);
    png_set_scale_16(png);
    (void)png_set_interlace_handling(png);
    png_read_update_info(png, info);
    size_t row_bytes = png_get_rowbytes(png, info);
    *width = (int)w;
    *height = (int)h;
    *channels = (int)png_get_channels(png, info);
    if (row_bytes != (size_t)w * (size_t)*channels) { png_error(png, "unexpected row size"); }
    if (row_bytes * h > capacity) {
        png_destroy_read_struct(&png, &info, NULL);
        return 1;
    }
    rows = (png_bytep *)malloc(sizeof(png_bytep) * h);
    if (rows == NULL) { png_error(png, "out of memory"); }
    for (png_uint_32 y = 0; y < h; y++) { rows[y] = buffer + y * row_bytes; }
    png_read_image(png, rows);
    free(rows);
    png_destroy_read_struct(&png, &info, NULL);
    return 0;
}
#endif
