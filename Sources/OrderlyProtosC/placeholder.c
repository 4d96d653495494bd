/* Placeholder until tools/gen-protos writes the protoc-c output here. */
