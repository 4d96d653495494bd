// FuzzDeframer: libFuzzer target for the gRPC length-prefixed message deframer (see DeframerFuzz).
import OrderlyFuzzing

FuzzDriver.main(check: DeframerFuzz.check, seeds: DeframerFuzz.seeds)
