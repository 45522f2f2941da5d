from mtclean.entry import main

main()
