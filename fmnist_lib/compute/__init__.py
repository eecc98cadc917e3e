"""Everything that changes a number: the data, the features, PCA, the models and their
grids, the profiles, and the statistics of evaluation. Editing any file here refits every
memoised fit (``runtime.memo`` hashes this folder); imports only ``runtime``."""
