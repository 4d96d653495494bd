// OrderlyPersistenceTests: placeholder until the first real tests land.
