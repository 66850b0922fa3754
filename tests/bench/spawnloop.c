/*
 * spawnloop - the floor of make bench's notify case: runs a command N
 * times, one after the other, with plain fork and exec, its standard input
 * from /dev/null, and waits for each.  What hl-notify cannot do faster
 * however little else it does per message.
 *
 * usage: spawnloop N PATH
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

int
main(int argc, char **argv)
{
	long n, i;
	int ws;
	pid_t pid;

	if (argc != 3 || (n = strtol(argv[1], NULL, 10)) < 1) {
		fprintf(stderr, "usage: spawnloop N PATH\n");
		return 64;
	}
	for (i = 0; i < n; i++) {
		if ((pid = fork()) < 0) {
			perror("spawnloop: fork");
			return 71;
		}
		if (pid == 0) {
			int fd = open("/dev/null", O_RDONLY);

			dup2(fd, 0);
			execl(argv[2], argv[2], (char *)NULL);
			_exit(127);
		}
		if (waitpid(pid, &ws, 0) < 0 || !WIFEXITED(ws) ||
		    WEXITSTATUS(ws) != 0) {
			fprintf(stderr, "spawnloop: '%s' failed\n", argv[2]);
			return 1;
		}
	}
	return 0;
}
