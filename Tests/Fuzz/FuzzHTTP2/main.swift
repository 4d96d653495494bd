// FuzzHTTP2: libFuzzer target for the HTTP/2 server session fed arbitrary bytes (see HTTP2Fuzz).
import OrderlyFuzzing

FuzzDriver.main(check: HTTP2Fuzz.check, seeds: HTTP2Fuzz.seeds)
