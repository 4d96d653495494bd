// interop-server: placeholder entry point until the RPC engine lands.
print("interop-server: not built yet")
