// LockExports: `Locked` used to be declared here in OrderlyDomain; it now lives in OrderlyLocks
// (shared by every module). Re-exported so code that got it from `import OrderlyDomain` keeps
// compiling unchanged.
@_exported import OrderlyLocks
