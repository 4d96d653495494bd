// OrderlyServicesTests: placeholder until the first real tests land.
