// OrderlyTransportTests: placeholder until the first real tests land.
