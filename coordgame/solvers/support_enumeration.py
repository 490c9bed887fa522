def support_enumeration(game, *, tol=1e-9):
    raise NotImplementedError
