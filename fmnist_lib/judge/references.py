"""Public reference points for Fashion-MNIST test accuracy (chapter 6), with their sources.

``cite`` is a key of book/references.bib. Values as published; none were re-run here.
"""

REFERENCE_POINTS = [
    {"model": "Human (no fashion expertise), majority of 3 labels on 1,000 test images",
     "accuracy": 0.835, "cite": "zalando2017readme"},
    {"model": "Best scikit-learn classifier of the dataset paper: SVC, RBF kernel, C = 10",
     "accuracy": 0.897, "cite": "xiao2017"},
    {"model": "Small CNN: 2 convolution layers, < 100 K parameters", "accuracy": 0.925,
     "cite": "zalando2017readme"},
    {"model": "CNN: 3 convolution + pooling layers, 2 dense layers with dropout",
     "accuracy": 0.926, "cite": "zalando2017readme"},
    {"model": "ResNet18 with augmentation", "accuracy": 0.949, "cite": "zalando2017readme"},
    {"model": "Wide ResNet-28-10 with random erasing", "accuracy": 0.963,
     "cite": "zhong2020erasing"},
]
