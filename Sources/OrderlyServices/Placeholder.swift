// OrderlyServices: placeholder until its first real file lands.
