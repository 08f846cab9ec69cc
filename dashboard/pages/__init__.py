"""One module per dashboard page; Streamlit runs each as a script."""
