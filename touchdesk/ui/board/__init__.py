"""The board: prospects as cards in stage columns, one model, one view, one delegate."""
