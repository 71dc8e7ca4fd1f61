#ifndef LATENT_CJPEG_SHIM_H
#define LATENT_CJPEG_SHIM_H
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <jpeglib.h>
#include <jerror.h>

// libjpeg reports errors by longjmp, which Swift cannot catch: the whole read runs in this C function, and a
// failure comes back as -1 with libjpeg's message.

/// libjpeg's error manager with the place to jump back to and the message buffer.
typedef struct {
    struct jpeg_error_mgr base;
    jmp_buf jump;
    char *message;
} latent_jpeg_errors;

static void latent_jpeg_fail(j_common_ptr info) {
    latent_jpeg_errors *errors = (latent_jpeg_errors *)info->err;
    (*info->err->format_message)(info, errors->message);
    longjmp(errors->jump, 1);
}

/// Warnings are ignored, except a file that ends early: libjpeg would fill the rest with grey, a truncated
/// image is refused instead.
static void latent_jpeg_warn(j_common_ptr info, int level) {
    if (level < 0 && info->err->msg_code == JWRN_JPEG_EOF) {
        latent_jpeg_errors *errors = (latent_jpeg_errors *)info->err;
        strcpy(errors->message, "the file ends early (truncated)");
        longjmp(errors->jump, 1);
    }
}

/// Decodes a JPEG held in memory into `buffer` (`capacity` bytes): 8-bit pixels, rows top to bottom, 1 channel
/// (grey) or 3 (RGB, converted from YCbCr by libjpeg).
///
/// Returns 0 when decoded; 1 when `buffer` is too small (nothing decoded; the size is in `width`, `height` and
/// `channels`, so the caller can grow the buffer and call again); -1 with a reason in `message` (at least
/// JMSG_LENGTH_MAX = 200 bytes). Images of more than `max_pixels` pixels and CMYK images are refused.
static inline int latent_jpeg_decode(const unsigned char *bytes, size_t size, long max_pixels, unsigned char *buffer,
                                     size_t capacity, int *width, int *height, int *channels, char *message) {
    struct jpeg_decompress_struct info;
    latent_jpeg_errors errors;
    message[0] = 0;
    info.err = jpeg_std_error(&errors.base);
    errors.base.error_exit = latent_jpeg_fail;
    errors.base.emit_message = latent_jpeg_warn;
    errors.message = message;
    if (setjmp(errors.jump)) {
        jpeg_destroy_decompress(&info);
        if (message[0] == 0) { strcpy(message, "cannot be decoded"); }
        return -1;
    }
    jpeg_create_decompress(&info);
    jpeg_mem_src(&info, bytes, (unsigned long)size);
    jpeg_read_header(&info, TRUE);
    if (info.jpeg_color_space == JCS_CMYK || info.jpeg_color_space == JCS_YCCK) {
        strcpy(message, "CMYK JPEG images are not supported");
        longjmp(errors.jump, 1);
    }
    if ((double)info.image_width * (double)info.image_height > (double)max_pixels) {
        snprintf(message, 200, "the image is %ux%u, more than %ld pixels", info.image_width, info.image_height, max_pixels);
        longjmp(errors.jump, 1);
    }
    info.out_color_space = info.num_components == 1 ? JCS_GRAYSCALE : JCS_RGB;
    jpeg_calc_output_dimensions(&info);
    *width = (int)info.output_width;
    *height = (int)info.output_height;
    *channels = info.output_components;
    size_t row_bytes = (size_t)info.output_width * (size_t)info.output_components;
    if (row_bytes * info.output_height > capacity) {
        jpeg_destroy_decompress(&info);
        return 1;
    }
    jpeg_start_decompress(&info);
    while (info.output_scanline < info.output_height) {
        JSAMPROW row = buffer + (size_t)info.output_scanline * row_bytes;
        jpeg_read_scanlines(&info, &row, 1);
    }
    jpeg_finish_decompress(&info);
    jpeg_destroy_decompress(&info);
    return 0;
}
#endif
