from watchwarranty.cli import main

main()
