# Orderly: the two commands a newcomer needs are `make run` and `make test`.
# Both install what they need (Debian packages, a Python venv for the tests) when it is missing.
SHELL := /bin/bash
SWIFT ?= swift
HOST ?= 127.0.0.1
PORT ?= 50051
DATA ?= ./data
VENV ?= .venv
PY := $(VENV)/bin/python

# What `make run` needs: the two libraries of the design card, OpenSSL for TLS (and pkg-config).
RUN_PACKAGES := libnghttp2-dev libprotobuf-c-dev libssl-dev pkg-config
# What the tests and benchmarks need on top: code generators, the gRPC project's protos, h2load/nghttpd,
# and the openssl command that makes the TLS tests' throwaway certificates.
TEST_PACKAGES := $(RUN_PACKAGES) protobuf-c-compiler protobuf-compiler grpc-proto nghttp2-client \
                 nghttp2-server python3-venv openssl

.PHONY: run build release deps test-deps venv test swift-test tsan-test asan-test integration-test \
        check-generated generate bench clean

run: deps release
	mkdir -p $(DATA)
	.build/release/orderlyd --host $(HOST) --port $(PORT) --data-dir $(DATA)

build: deps
	$(SWIFT) build

release: deps
	$(SWIFT) build -c release

deps:
	@tools/install-packages $(RUN_PACKAGES)

test-deps:
	@tools/install-packages $(TEST_PACKAGES)

venv: test-deps
	@test -x $(PY) || python3 -m venv $(VENV)
	@$(PY) -m pip install -q --disable-pip-version-check -r Tests/integration/requirements.txt

# Everything CI runs: generated code is fresh, Swift unit tests, the same under ThreadSanitizer,
# and the Python grpcio integration tests against the real executables.
test: check-generated swift-test tsan-test integration-test

check-generated: venv
	PATH="$(abspath $(VENV))/bin:$$PATH" tools/gen-protos --check

generate: venv
	PATH="$(abspath $(VENV))/bin:$$PATH" tools/gen-protos

# Some engine tests call the server with Python grpcio: they use the venv's Python.
export ORDERLY_PYTHON := $(abspath $(PY))

swift-test: venv
	$(SWIFT) build
	$(SWIFT) test

tsan-test: venv
	$(SWIFT) test --sanitize=thread --scratch-path .build-tsan

# The unit tests under AddressSanitizer (not yet part of `test`: see SECURITY.md). Leak checking is
# off: at exit LeakSanitizer reports XCTest's own objects and Tasks still suspended in finished
# tests, not leaks of the server.
asan-test: venv
	ASAN_OPTIONS=detect_leaks=0 $(SWIFT) test --sanitize=address --scratch-path .build-asan

integration-test: venv release
	ORDERLY_BIN_DIR=$(abspath .build/release) $(PY) -m pytest -q Tests/integration

bench: test-deps release
	tools/bench

clean:
	rm -rf .build .build-tsan .build-asan
