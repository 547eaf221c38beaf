from watchwarranty.entry import main

main()
