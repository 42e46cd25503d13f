"""What a structure or service record means, whoever writes it (an import or a structure
editing its own services): its kinds, its validation with data·inclusion's own models, its
columns in the catalogue, and the rules every reader of the catalogue applies."""
