"""Pages for meetings: arranging and attending (`meeting`), what is due (`due`), the conference record in Signs of
Safety structure (`conference`) and calendar invitations (`calendar`)."""
