credcatSearchData("terms/6c61.json", {
  "langkah": [
    2,
    3
  ]
}
);
