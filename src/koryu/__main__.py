from koryu.cli import main

main()
