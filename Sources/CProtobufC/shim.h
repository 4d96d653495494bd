// Imports libprotobuf-c (Debian's libprotobuf-c-dev, 1.4) into Swift.
#ifndef ORDERLY_CPROTOBUFC_SHIM_H
#define ORDERLY_CPROTOBUFC_SHIM_H
#include <protobuf-c/protobuf-c.h>
#endif
