/* Umbrella header for the protoc-c output; rewritten by tools/gen-protos. */
