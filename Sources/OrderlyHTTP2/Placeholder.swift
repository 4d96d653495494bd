// OrderlyHTTP2: placeholder until its first real file lands.
