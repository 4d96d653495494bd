// grpc-go-peer: a grpc-go TestService server and a UnaryCall client for tools/bench-gzip, so our
// interop-server's gzip round trip can be stated beside grpc-go's own on the same machine.
// It needs only grpc-go itself (Debian's golang-google-grpc-dev ships no interop protos), so the
// two messages it uses are encoded by hand in codec.go.
//
//	grpc-go-peer server -port N
//	grpc-go-peer client -addr HOST:PORT [-compression gzip|identity] [-rounds R] [-calls C]
package main

import (
	"context"
	"flag"
	"fmt"
	"net"
	"os"
	"sort"
	"time"

	"google.golang.org/grpc"
	_ "google.golang.org/grpc/encoding/gzip" // registers the "gzip" compressor
)

const payloadSize = 1 << 20

func main() {
	if len(os.Args) < 2 {
		fmt.Fprintln(os.Stderr, "usage: grpc-go-peer server|client [flags]")
		os.Exit(2)
	}
	switch os.Args[1] {
	case "server":
		serve(os.Args[2:])
	case "client":
		runClient(os.Args[2:])
	default:
		fmt.Fprintln(os.Stderr, "usage: grpc-go-peer server|client [flags]")
		os.Exit(2)
	}
}

// testService is the handler type of the hand-written service description.
type testService interface{}

var serviceDesc = grpc.ServiceDesc{
	ServiceName: "grpc.testing.TestService",
	HandlerType: (*testService)(nil),
	Methods: []grpc.MethodDesc{{
		MethodName: "UnaryCall",
		Handler: func(_ interface{}, _ context.Context, decode func(interface{}) error, _ grpc.UnaryServerInterceptor) (interface{}, error) {
			var request simpleRequest
			if err := decode(&request); err != nil {
				return nil, err
			}
			// As grpc-go's interop server does: a payload of zeros of the requested size.
			return &simpleResponse{body: make([]byte, request.responseSize)}, nil
		},
	}},
}

func serve(args []string) {
	flags := flag.NewFlagSet("server", flag.ExitOnError)
	port := flags.Int("port", 0, "port to listen on (127.0.0.1)")
	flags.Parse(args)
	listener, err := net.Listen("tcp", fmt.Sprintf("127.0.0.1:%d", *port))
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	server := grpc.NewServer()
	server.RegisterService(&serviceDesc, struct{}{})
	fmt.Println("listening on", listener.Addr())
	if err := server.Serve(listener); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}

// benchBody is the 1 MiB compressible request payload tools/bench-gzip's grpcio client sends.
func benchBody() []byte {
	var body []byte
	for i := 0; len(body) < payloadSize; i++ {
		body = append(body, fmt.Sprintf("order o-%06d sku SKU-%04d qty %d location wh-east status ALLOCATED\n", i, i%977, i%7)...)
	}
	return body[:payloadSize]
}

func runClient(args []string) {
	flags := flag.NewFlagSet("client", flag.ExitOnError)
	addr := flags.String("addr", "", "server address HOST:PORT")
	compression := flags.String("compression", "gzip", "gzip or identity")
	rounds := flags.Int("rounds", 5, "rounds (the median is printed)")
	calls := flags.Int("calls", 20, "sequential calls per round")
	flags.Parse(args)
	options := []grpc.DialOption{grpc.WithInsecure(), grpc.WithBlock()}
	if *compression != "identity" {
		options = append(options, grpc.WithDefaultCallOptions(grpc.UseCompressor(*compression)))
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	conn, err := grpc.DialContext(ctx, *addr, options...)
	cancel()
	if err != nil {
		fmt.Fprintln(os.Stderr, "dial:", err)
		os.Exit(1)
	}
	defer conn.Close()
	request := &simpleRequest{responseSize: payloadSize, body: benchBody()}
	call := func() {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		var response simpleResponse
		if err := conn.Invoke(ctx, "/grpc.testing.TestService/UnaryCall", request, &response); err != nil {
			fmt.Fprintln(os.Stderr, "UnaryCall:", err)
			os.Exit(1)
		}
		if len(response.body) != payloadSize {
			fmt.Fprintln(os.Stderr, "UnaryCall: response payload of", len(response.body), "bytes")
			os.Exit(1)
		}
	}
	call() // warm-up: connection, windows, codec state
	speeds := make([]float64, 0, *rounds)
	for r := 0; r < *rounds; r++ {
		start := time.Now()
		for c := 0; c < *calls; c++ {
			call()
		}
		speeds = append(speeds, float64(*calls)*2*payloadSize/time.Since(start).Seconds()/1e6)
	}
	sort.Float64s(speeds)
	fmt.Printf("%.1f\n", speeds[len(speeds)/2])
}
