// OrderlyHTTP2Tests: placeholder until the first real tests land.
