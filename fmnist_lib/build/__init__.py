"""The book's build: the driver (``python -m fmnist_lib.build``), what each chapter reads
(``chapters``), a chapter's set-up and publishing (``publish``), the results store
(``results``) and the Sphinx check (``bookcheck``). The top layer; the notebooks call it."""
