from phigate.cli import main

if __name__ == "__main__":  # importable without running (multiprocessing spawns re-import __main__)
    main()
