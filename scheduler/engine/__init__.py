"""The engine every sub-problem shares: what a sub-problem sees of the week so far
(`context`), the one result shape (`result`), the one lexicographic helper
(`lexicographic`), solver settings, deadlines and honest figures (`solving`), who may
supervise what (`officers`) and the fixed daily routine (`routine`). It imports only the
models; the sub-problems import it, never each other."""
