from mtclean.cli import main

main()
