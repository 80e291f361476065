"Run the \`diffgrid\` command: \`python -m diffgrid_nb ...\`"
from diffgrid_nb.cli import main

main()
