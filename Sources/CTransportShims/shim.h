// CTransportShims: the Linux headers the Swift Glibc module does not import (epoll, eventfd),
// plus prototypes for accept4 and pthread_setname_np, which glibc only declares under _GNU_SOURCE,
// and malloc.h (malloc_trim, for giving memory back after large connections close).
#ifndef ORDERLY_TRANSPORT_SHIM_H
#define ORDERLY_TRANSPORT_SHIM_H

#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <pthread.h>
#include <malloc.h>

extern int accept4(int fd, struct sockaddr *addr, socklen_t *addrlen, int flags);
extern int pthread_setname_np(pthread_t thread, const char *name);

#endif
