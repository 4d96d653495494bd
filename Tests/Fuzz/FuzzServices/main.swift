// FuzzServices: libFuzzer target for protobuf decoding through the orderly.v1 services to domain
// commands and validation (see ServicesFuzz).
import OrderlyFuzzing

FuzzDriver.main(check: ServicesFuzz.check, seeds: ServicesFuzz.seeds)
