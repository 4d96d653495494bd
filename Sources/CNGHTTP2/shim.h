// Imports libnghttp2 (Debian's libnghttp2-dev, 1.52) into Swift.
#ifndef ORDERLY_CNGHTTP2_SHIM_H
#define ORDERLY_CNGHTTP2_SHIM_H
#include <nghttp2/nghttp2.h>
#endif
