// orderlyd: placeholder entry point until the RPC engine lands.
print("orderlyd: not built yet")
