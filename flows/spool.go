package flows

import (
	"bufio"
	"io"
	"os"
)

// spool writes a generated file (an export, an error file) to a temporary
// file instead of memory, so a 100,000-row export costs the writer's
// buffers, not the whole file. The store copies it into a blob a chunk at a
// time when the message is queued (File.Open). The file is unlinked at
// once: only the open handle holds its data, so nothing is left on disk
// once the handle is closed, whether or not the turn queued it.
func spool(name string, write func(io.Writer) error) (*File, error) {
	f, err := os.CreateTemp("", "lamsach-*.tmp")
	if err != nil {
		return nil, err
	}
	os.Remove(f.Name())
	bw := bufio.NewWriterSize(f, 64<<10)
	if err := write(bw); err != nil {
		f.Close()
		return nil, err
	}
	if err := bw.Flush(); err != nil {
		f.Close()
		return nil, err
	}
	size, err := f.Seek(0, io.SeekCurrent)
	if err != nil {
		f.Close()
		return nil, err
	}
	// Each Open reads from the start, and may be read more than once (the
	// store copies it, a test reads it back): the handle is closed by the
	// runtime when the File is no longer referenced, not by a reader.
	return &File{Name: name, Open: func() (io.ReadCloser, error) {
		return io.NopCloser(io.NewSectionReader(f, 0, size)), nil
	}}, nil
}
