package flows_test

var stationTranscripts, coordTranscripts, generalTranscripts []transcript
